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

    /**
     * One year of a 1 Hz temperature (seasonal and daily waves, drift, noise, rounded to 0.01), cut
     * into 1-hour chunks as compaction cuts them: {ours, baseline (one stream per day)} bytes.
     */
    public static long[] yearBytes() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        ChunkEncoder encoder = new ChunkEncoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        SampleColumns hour = new SampleColumns(io.unshistorian.compression.chunk.ValueType.DOUBLE, 3600);
        SampleColumns day = new SampleColumns(io.unshistorian.compression.chunk.ValueType.DOUBLE, 86_400);
        long start = 1_735_689_600_000_000_000L;
        double drift = 0;
        long ours = 0;
        long baseline = 0;
        for (int d = 0; d < 365; d++) {
            day.reset(io.unshistorian.compression.chunk.ValueType.DOUBLE);
            for (int h = 0; h < 24; h++) {
                hour.reset(io.unshistorian.compression.chunk.ValueType.DOUBLE);
                for (int s = 0; s < 3600; s++) {
                    long second = d * 86_400L + h * 3600L + s;
                    drift = 0.9999 * drift + random.nextGaussian() * 0.002;
                    double value = 15 + 10 * Math.sin(2 * Math.PI * second / (365 * 86_400.0))
                        + 4 * Math.sin(2 * Math.PI * (second % 86_400) / 86_400.0) + drift + random.nextGaussian() * 0.05;
                    value = Math.round(value * 100) / 100.0;
                    hour.addDouble(start + second * 1_000_000_000L, value, 0);
                    day.addDouble(start + second * 1_000_000_000L, value, 0);
                }
                ours += encoder.encode(hour, buffer, 0);
            }
            baseline += GorillaBaseline.bytes(GorillaBaseline.encode(day));
        }
        return new long[] {ours, baseline};
    }

    public static void main(String[] args) {
        System.out.printf("%-26s %7s %10s %14s %16s %8s%n", "data set", "series", "samples", "ours B/sample",
            "baseline B/sample", "ours/base");
        for (String name : BenchmarkDataSets.names()) {
            Row row = measure(name);
            System.out.printf("%-26s %7d %10d %14.3f %16.3f %8.3f%n", row.dataSet(), row.series(), row.samples(),
                row.ourBytesPerSample(), row.baselineBytesPerSample(), (double) row.ourBytes() / row.baselineBytes());
        }
        long[] year = yearBytes();
        long samples = 365L * 86_400;
        System.out.printf("%-26s %7d %10d %14.3f %16.3f %8.3f%n", "synthetic_year (1h chunks)", 1, samples,
            (double) year[0] / samples, (double) year[1] / samples, (double) year[0] / year[1]);
    }
}
