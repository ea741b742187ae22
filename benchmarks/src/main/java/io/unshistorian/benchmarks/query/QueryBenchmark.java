package io.unshistorian.benchmarks.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.query.AggregateRequest;
import io.unshistorian.query.QueryEngine;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The query issue's four figures, warm, one thread, all from compacted blocks:
 * <ul>
 *   <li>{@code rawScan}: every sample of 30 days of a 1 Hz series (2,592,000 samples); the
 *       {@code samples} counter is samples/s;</li>
 *   <li>{@code hourlyYear}: hourly min/max/avg over one year of a 1 Hz series (31,536,000 samples);</li>
 *   <li>{@code latest10k}: latest value of 10,000 series selected by a wildcard;</li>
 *   <li>{@code singleGroupby}: 1-minute averages over one hour of one series (TSBS single-groupby-1-1-1).</li>
 * </ul>
 * The year is a temperature with seasonal and daily waves, drift and noise, rounded to 0.01.
 * {@code blocks}: {@code flushed} reads the blocks as the head flushes wrote them; {@code cold} as
 * they are once cold (the clock moved past the cold-merge delay and compacted again): merged, tiered
 * into 32-day windows, with the zstd entropy stage where it pays.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-Dagrona.disable.bounds.checks=true",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.util=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
@State(Scope.Benchmark)
public class QueryBenchmark {
    static final long YEAR_START = 1_735_689_600_000_000_000L;   // 2025-01-01T00:00:00Z
    static final long SECOND = 1_000_000_000L;
    static final long HOUR = 3600 * SECOND;
    static final int YEAR_SECONDS = 365 * 86_400;

    private Path yearDirectory;
    private Path plantDirectory;
    private StorageEngine year;
    private StorageEngine plant;
    private QueryEngine yearQueries;
    private QueryEngine plantQueries;

    @Param({"flushed", "cold"})
    public String blocks;

    /** Samples delivered, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;
    }

    @Setup(Level.Trial)
    public void load() throws IOException {
        yearDirectory = Files.createTempDirectory("uns-query-year");
        plantDirectory = Files.createTempDirectory("uns-query-plant");
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        StorageOptions options = StorageOptions.builder().compactOnClose(true).clockMillis(clock::get).build();
        year = StorageEngine.open(yearDirectory, options);
        writeYear(year);
        year.compactNow();
        plant = StorageEngine.open(plantDirectory, options);
        writePlant(plant);
        plant.compactNow();
        if (blocks.equals("cold")) {
            clock.addAndGet(Duration.ofMinutes(11).toMillis());
            year.compactNow();
            plant.compactNow();
        }
        yearQueries = new QueryEngine(year);
        plantQueries = new QueryEngine(plant);
    }

    static void writeYear(StorageEngine engine) throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        WriteBatch batch = new WriteBatch(86_400);
        double drift = 0;
        for (int day = 0; day < 365; day++) {
            batch.clear();
            for (int s = 0; s < 86_400; s++) {
                long second = day * 86_400L + s;
                drift = 0.9999 * drift + random.nextGaussian() * 0.002;
                double value = 15 + 10 * Math.sin(2 * Math.PI * second / YEAR_SECONDS)
                    + 4 * Math.sin(2 * Math.PI * s / 86_400.0) + drift + random.nextGaussian() * 0.05;
                batch.addDouble("site/line/oven/temperature", YEAR_START + second * SECOND, Math.round(value * 100) / 100.0);
            }
            engine.write(batch);
        }
    }

    static void writePlant(StorageEngine engine) throws IOException {
        WriteBatch batch = new WriteBatch(10_000);
        for (int second = 0; second < 60; second++) {
            batch.clear();
            for (int s = 0; s < 10_000; s++) {
                batch.addDouble("plant/area" + (s / 1000) + "/line" + (s / 100 % 10) + "/tag" + s,
                    YEAR_START + second * SECOND, s + second);
            }
            engine.write(batch);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        year.close();
        plant.close();
        deleteRecursively(yearDirectory);
        deleteRecursively(plantDirectory);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public long rawScan(Samples counter) {
        long[] sum = {0};
        long start = YEAR_START + 100L * 86_400 * SECOND;
        year.read("site/line/oven/temperature", start, start + 30L * 86_400 * SECOND, (t, v, q, s) -> {
            sum[0] += v;
            counter.samples++;
        });
        return sum[0];
    }

    @Benchmark
    public void hourlyYear(Blackhole blackhole) {
        yearQueries.aggregate(Selection.of("site/line/oven/temperature"),
            AggregateRequest.of(YEAR_START, YEAR_START + YEAR_SECONDS * SECOND, HOUR), blackhole::consume);
    }

    @Benchmark
    public void latest10k(Blackhole blackhole) {
        blackhole.consume(plantQueries.latest(Selection.of("plant/#")));
    }

    @Benchmark
    public void singleGroupby(Blackhole blackhole) {
        long start = YEAR_START + 200L * 86_400 * SECOND + 13 * HOUR;
        yearQueries.aggregate(Selection.of("site/line/oven/temperature"),
            AggregateRequest.of(start, start + HOUR, 60 * SECOND), blackhole::consume);
    }

    static void deleteRecursively(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
