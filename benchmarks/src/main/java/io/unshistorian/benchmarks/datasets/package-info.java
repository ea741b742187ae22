/**
 * A developer's report on the real data sets: codec round trip and bytes per sample, then a store
 * and read back through the embedded API.
 */
package io.unshistorian.benchmarks.datasets;
