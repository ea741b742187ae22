/**
 * Test fixtures shared by every module's tests and the benchmarks, not part of the product:
 * {@code SeededRandom} (replayable randomness: every randomized test prints its seed and replays
 * with {@code -Duns.test.seed}) and {@code DataSets} (the real plant data sets under
 * {@code uns.data.dir}, default {@code ../shared/data}).
 */
package io.unshistorian.testkit;
