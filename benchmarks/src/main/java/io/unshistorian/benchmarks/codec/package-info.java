/**
 * Codec benchmarks (JMH) against the published Gorilla baseline, and the bytes-per-sample report.
 */
package io.unshistorian.benchmarks.codec;
