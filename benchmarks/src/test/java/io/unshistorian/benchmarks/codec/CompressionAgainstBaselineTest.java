package io.unshistorian.benchmarks.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;

import io.unshistorian.benchmarks.data.BenchmarkDataSets;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Our chunks, headers, statistics, quality column and checksum included, are no larger than the
 * published Gorilla baseline's bare streams on every workload. Sizes are deterministic, so this is
 * a real test, not a timing.
 */
class CompressionAgainstBaselineTest {
    @TestFactory
    Stream<DynamicTest> noLargerThanTheBaselineOnEveryWorkload() {
        return BenchmarkDataSets.names().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            CompressionReport.Row row = CompressionReport.measure(name);
            assertTrue(row.ourBytes() <= row.baselineBytes(), name + ": ours " + row.ourBytesPerSample()
                + " B/sample, baseline " + row.baselineBytesPerSample() + " B/sample");
        }));
    }
}
