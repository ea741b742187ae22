package io.unshistorian.benchmarks.datasets;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.DataSets;

/**
 * Stores each data set in an embedded historian and reads every series back: rows written, samples
 * stored (a repeated timestamp keeps its last write, so the NAB file's duplicated hour stores 12
 * fewer samples than it has rows), write rate, and bytes on disk.
 */
final class StoreDemonstration {
    private static final int BATCH = 10_000;

    private final PrintWriter out;

    StoreDemonstration(PrintWriter out) {
        this.out = out;
    }

    boolean run(Path directory, Iterable<Path> files) throws IOException {
        out.println("Embedded historian at " + directory.toAbsolutePath());
        out.printf("%-26s %10s %10s %10s %12s%n", "data set", "rows", "stored", "M rows/s", "read back");
        boolean consistent = true;
        try (Historian historian = Historian.open(directory)) {
            for (Path file : files) {
                consistent &= store(historian, DataSets.nameOf(file), DataSetsReport.loadBySeries(file));
            }
            historian.compactNow();
        }
        out.printf("Compacted blocks on disk: %.1f KiB. Run it again: the rows overwrite themselves (last write "
            + "wins), reads never see doubles, and merges fold the extra blocks.%n",
            bytes(directory.resolve("blocks")) / 1024.0);
        return consistent;
    }

    private boolean store(Historian historian, String name, Map<String, SampleColumns> series) throws IOException {
        long rows = 0;
        long expected = 0;
        WriteBatch batch = new WriteBatch(BATCH);
        long start = System.nanoTime();
        for (Map.Entry<String, SampleColumns> entry : series.entrySet()) {
            SampleColumns columns = entry.getValue();
            Map<Long, Double> lastWrite = new TreeMap<>();
            for (int i = 0; i < columns.size(); i++) {
                batch.addDouble(entry.getKey(), columns.timestamp(i), columns.doubleValue(i));
                lastWrite.put(columns.timestamp(i), columns.doubleValue(i));
                if (batch.size() == BATCH) {
                    historian.write(batch);
                    batch.clear();
                }
            }
            rows += columns.size();
            expected += lastWrite.size();
        }
        historian.write(batch);
        double seconds = (System.nanoTime() - start) / 1e9;
        long stored = 0;
        for (String path : series.keySet()) {
            stored += historian.readRaw(path, Long.MIN_VALUE + 1, Long.MAX_VALUE).size();
        }
        boolean consistent = stored == expected;
        out.printf("%-26s %10d %10d %10.2f %12s%n", name, rows, stored, rows / seconds / 1e6,
            consistent ? "complete" : "MISMATCH, expected " + expected);
        return consistent;
    }

    private static long bytes(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
