/**
 * Storage harness: sustained ingest with compaction running, memory per series, write amplification.
 */
package io.unshistorian.benchmarks.storage;
