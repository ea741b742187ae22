/**
 * The peer harness: UNS Historian against QuestDB (embedded) and VictoriaMetrics in one run.
 */
package io.unshistorian.benchmarks.peers;
