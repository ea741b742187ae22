package io.unshistorian.benchmarks.codec;

import java.util.List;

import io.unshistorian.benchmarks.data.BenchmarkDataSets;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;

import org.agrona.ExpandableArrayBuffer;

/**
 * Prints bytes per sample of our chunks and of the Gorilla baseline on every workload, side by
 * side. Sizes are exact and deterministic, so this needs no warm-up. Run with
 * {@code java -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.codec.CompressionReport}.
 */
public final class CompressionReport {
    /** Sizes of one workload under both encoders. */
    public record Row(String dataSet, int series, long samples, long ourBytes, long baselineBytes) {
        public double ourBytesPerSample() {
            return (double) ourBytes / samples;
        }

        public double baselineBytesPerSample() {
            return (double) baselineBytes / samples;
        }
    }

    private CompressionReport() {
    }

    public static Row measure(String dataSet) {
        List<SampleColumns> series = BenchmarkDataSets.load(dataSet);
        ChunkEncoder encoder = new ChunkEncoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        long ours = 0;
        long baseline = 0;
        for (SampleColumns s : series) {
            ours += encoder.encode(s, buffer, 0);
            baseline += GorillaBaseline.bytes(GorillaBaseline.encode(s));
        }
        return new Row(dataSet, series.size(), BenchmarkDataSets.sampleCount(series), ours, baseline);
    }

    public static void main(String[] args) {
        System.out.printf("%-26s %7s %10s %14s %16s %8s%n", "data set", "series", "samples", "ours B/sample",
            "baseline B/sample", "ours/base");
        for (String name : BenchmarkDataSets.names()) {
            Row row = measure(name);
            System.out.printf("%-26s %7d %10d %14.3f %16.3f %8.3f%n", row.dataSet(), row.series(), row.samples(),
                row.ourBytesPerSample(), row.baselineBytesPerSample(), (double) row.ourBytes() / row.baselineBytes());
        }
    }
}
