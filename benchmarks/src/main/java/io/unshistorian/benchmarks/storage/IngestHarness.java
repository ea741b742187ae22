package io.unshistorian.benchmarks.storage;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.unshistorian.benchmarks.data.BenchmarkDataSets;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;

import org.agrona.ExpandableArrayBuffer;

/**
 * Sustained ingest into the storage engine with compaction running: 10,000 series of plant signals,
 * one batch per plant second (one sample per series), from one or two writer threads; prints the
 * median samples/s over 2-second windows, whether compaction kept up, bytes per sample on disk
 * after compaction (against what the chunk codec alone needs for the same samples), heap and
 * off-heap use, and the fixed memory per series.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.storage.IngestHarness
 *      [--series 10000] [--seconds 1800] [--threads 1] [--dir /tmp/ingest]</pre>
 */
public final class IngestHarness {
    private IngestHarness() {
    }

    public static void main(String[] args) throws Exception {
        int series = intArg(args, "--series", 10_000);
        int seconds = intArg(args, "--seconds", 1800);
        int threads = intArg(args, "--threads", 1);
        int latePercent = intArg(args, "--late-percent", 0);
        int partitionHours = intArg(args, "--partition-hours", 24);
        Path dir = Path.of(stringArg(args, "--dir", "/tmp/uns-ingest-bench"));
        deleteRecursively(dir);
        System.out.printf("generating plant: %d series x 600 s, replayed for %d s of plant time%n", series, seconds);
        PlantReplay plant = new PlantReplay(series, 600, 42);
        AtomicLong clock = new AtomicLong(System.currentTimeMillis());
        StorageOptions options = StorageOptions.builder()
            .fsyncPolicy(FsyncPolicy.INTERVAL)
            .partitionWidth(Duration.ofHours(partitionHours))
            .clockMillis(clock::get)
            .build();
        long samples = (long) series * seconds;
        List<Double> windowRates = Collections.synchronizedList(new ArrayList<>());
        long start;
        long elapsed;
        long rejected;
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            start = System.nanoTime();
            AtomicLong written = new AtomicLong();
            Thread monitor = monitor(written, windowRates);
            List<Thread> writers = new ArrayList<>();
            AtomicLong failures = new AtomicLong();
            for (int w = 0; w < threads; w++) {
                int writer = w;
                Thread thread = new Thread(() -> writeSeconds(engine, plant, writer, threads, seconds, latePercent,
                    written, failures), "writer-" + w);
                writers.add(thread);
                thread.start();
            }
            for (Thread thread : writers) {
                thread.join();
            }
            elapsed = System.nanoTime() - start;
            monitor.interrupt();
            monitor.join();
            rejected = failures.get();
            System.out.printf("head after the last write: %.1f MiB (limit %d MiB); batches refused: %d%n",
                engine.status().headBytes() / 1048576.0, options.headMaxBytes() >> 20, rejected);
            long compactStart = System.nanoTime();
            engine.compactNow();
            System.out.printf("final flush: %.2f s%n", (System.nanoTime() - compactStart) / 1e9);
            reportMemory(engine, series);
            long hot = directoryBytes(dir.resolve("blocks"));
            clock.addAndGet(Duration.ofHours(1).toMillis());   // partitions go cold: merged whole
            engine.compactNow();
            long merged = directoryBytes(dir.resolve("blocks"));
            System.out.printf("write amplification of compaction: %.2f (block bytes written / final block bytes)%n",
                (engine.status().flushedBytes() + engine.status().mergedBytes()) / (double) merged);
            System.out.printf("blocks on disk: %.3f B/sample hot (as flushed and merged while writing), "
                + "%.3f B/sample after the final merge%n", hot / (double) samples, merged / (double) samples);
            System.out.printf("chunk codec alone (one chunk per series and day): %.3f B/sample%n",
                codecAloneBytes(plant, seconds) / (double) samples);
            System.out.printf("WAL on disk after compaction: %.1f MiB%n", directoryBytes(dir.resolve("wal")) / 1048576.0);
        }
        measureMemoryPerSeries(dir, intArg(args, "--memory-series", 100_000));
        ingestDataSets(dir);
        List<Double> sorted = new ArrayList<>(windowRates);
        Collections.sort(sorted);
        System.out.printf("ingest: %d samples in %.2f s = %.2f M samples/s average; median of %d 2-s windows "
            + "%.2f M samples/s (threads=%d)%n", samples, elapsed / 1e9, samples / (elapsed / 1e9) / 1e6, sorted.size(),
            sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6, threads);
        deleteRecursively(dir);
    }

    /**
     * Writes one batch per plant second. With {@code latePercent > 0}, that share of the samples
     * (chosen by a fixed hash of series and second) is held back and written one hour (3,600 plant
     * seconds) later, in the batch of that later second; the run ends with the held-back remainder.
     */
    private static void writeSeconds(StorageEngine engine, PlantReplay plant, int writer, int writers, int seconds,
                                     int latePercent, AtomicLong written, AtomicLong failures) {
        int series = plant.seriesCount();
        int from = series * writer / writers;
        int to = series * (writer + 1) / writers;
        WriteBatch batch = new WriteBatch(to - from);
        try {
            for (long second = 0; second < seconds + (latePercent > 0 ? 3600 : 0); second++) {
                batch.clear();
                for (int s = from; s < to; s++) {
                    if (second < seconds && !isLate(s, second, latePercent)) {
                        batch.addDouble(plant.paths[s], plant.timestamp(s, second), plant.value(s, second));
                    }
                    long early = second - 3600;
                    if (early >= 0 && early < seconds && isLate(s, early, latePercent)) {
                        batch.addDouble(plant.paths[s], plant.timestamp(s, early), plant.value(s, early));
                    }
                }
                if (batch.size() == 0) {
                    continue;
                }
                try {
                    engine.write(batch);
                    written.addAndGet(batch.size());
                } catch (RuntimeException e) {
                    failures.incrementAndGet();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isLate(int series, long second, int latePercent) {
        return latePercent > 0 && Math.floorMod(series * 7919L + second * 104729L, 100) < latePercent;
    }

    private static Thread monitor(AtomicLong written, List<Double> windowRates) {
        Thread thread = new Thread(() -> {
            long last = written.get();
            long lastTime = System.nanoTime();
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                long count = written.get();
                windowRates.add((count - last) / ((now - lastTime) / 1e9));
                last = count;
                lastTime = now;
            }
        }, "ingest-monitor");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Heap per series with nothing in the head (catalog, namespace index) and per active series
     * (plus the head's per-series buffer holding one sample): heap after minus heap before, over
     * the series count, after full collections.
     */
    private static void measureMemoryPerSeries(Path dir, int count) throws IOException {
        deleteRecursively(dir);
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).build();
        try (StorageEngine engine = StorageEngine.open(dir, options)) {
            long before = usedHeapAfterGc();
            WriteBatch batch = new WriteBatch(10_000);
            long t0 = 1_767_225_600_000_000_000L;
            for (int s = 0; s < count; s++) {
                batch.addDouble("acme/site" + (s % 4) + "/area" + (s / 4 % 10) + "/line" + (s / 40 % 10) + "/cell"
                    + (s / 400) + "/tag" + s, t0, s);
                if (batch.size() == 10_000) {
                    engine.write(batch);
                    batch.clear();
                }
            }
            engine.write(batch);
            long active = usedHeapAfterGc();
            engine.compactNow();
            long idle = usedHeapAfterGc();
            System.out.printf("memory per series (%d series, paths ~40 bytes): %.0f B with one sample in the head, "
                + "%.0f B after compaction emptied the head%n", count, (active - before) / (double) count,
                (idle - before) / (double) count);
        }
        deleteRecursively(dir);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void reportMemory(StorageEngine engine, int series) {
        Runtime runtime = Runtime.getRuntime();
        System.gc();
        long heap = runtime.totalMemory() - runtime.freeMemory();
        System.out.printf("heap used after compaction: %.1f MiB (%d series)%n", heap / 1048576.0, series);
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            System.out.printf("off-heap %s buffers: %d, %.1f MiB%n", pool.getName(), pool.getCount(),
                pool.getMemoryUsed() / 1048576.0);
        }
    }

    private static long codecAloneBytes(PlantReplay plant, int seconds) {
        ChunkEncoder encoder = new ChunkEncoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
        SampleColumns columns = new SampleColumns(ValueType.DOUBLE, seconds);
        long total = 0;
        for (int s = 0; s < plant.seriesCount(); s++) {
            columns.reset(ValueType.DOUBLE);
            for (long second = 0; second < seconds; second++) {
                columns.addDouble(plant.timestamp(s, second), plant.value(s, second), 0);
            }
            total += encoder.encode(columns, buffer, 0);
        }
        return total;
    }

    static long directoryBytes(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    /** Ingests each real data set (all its rows in batches of 10,000) and reports samples/s and bytes/sample. */
    static void ingestDataSets(Path dir) throws IOException {
        for (String name : BenchmarkDataSets.names()) {
            if (name.equals(BenchmarkDataSets.SYNTHETIC_PLANT)) {
                continue;
            }
            deleteRecursively(dir);
            List<SampleColumns> series = BenchmarkDataSets.load(name);
            long samples = BenchmarkDataSets.sampleCount(series);
            long start;
            long elapsed;
            try (StorageEngine engine = StorageEngine.open(dir, StorageOptions.defaults())) {
                WriteBatch batch = new WriteBatch(10_000);
                start = System.nanoTime();
                int index = 0;
                for (SampleColumns columns : series) {
                    String path = name + "/series" + index++;
                    for (int i = 0; i < columns.size(); i++) {
                        batch.addDouble(path, columns.timestamp(i), columns.doubleValue(i));
                        if (batch.size() == 10_000) {
                            engine.write(batch);
                            batch.clear();
                        }
                    }
                }
                engine.write(batch);
                elapsed = System.nanoTime() - start;
            }
            System.out.printf("data set %s: %d samples ingested in %.3f s = %.2f M samples/s; blocks %.3f B/sample%n",
                name, samples, elapsed / 1e9, samples / (elapsed / 1e9) / 1e6,
                directoryBytes(dir.resolve("blocks")) / (double) samples);
        }
        deleteRecursively(dir);
    }
}
