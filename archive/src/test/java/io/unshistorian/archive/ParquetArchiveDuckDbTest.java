package io.unshistorian.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.DataSets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive read by an independent engine: DuckDB (its own Parquet reader, Hive partitioning)
 * queries the files, and its count, sums, minima, maxima and first and last times per series match
 * ours; incremental runs export only changed days; real data sets go through the same check.
 */
class ParquetArchiveDuckDbTest {
    private static final long DAY = ParquetArchive.DAY_NANOS;
    private static final long T0 = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00Z

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(T0 / 1_000_000 + 10 * 86_400_000L);

    private Historian open() throws IOException {
        return Historian.open(dir.resolve("data"), StorageOptions.builder().backgroundCompaction(false)
            .clockMillis(clock::get).build());
    }

    private ArchiveOptions options() {
        return new ArchiveOptions(List.of("#"), 2, Duration.ofHours(1), clock::get);
    }

    /** Per path, from our own raw reads: count, sum and min/max of numbers, first and last time, strings, trues. */
    private static Map<String, String> ours(Historian historian) {
        Map<String, String> figures = new TreeMap<>();
        for (Series series : historian.find("#")) {
            long[] count = {0};
            double[] sum = {0};
            double[] min = {Double.POSITIVE_INFINITY};
            double[] max = {Double.NEGATIVE_INFINITY};
            long[] first = {Long.MAX_VALUE};
            long[] last = {Long.MIN_VALUE};
            long[] trues = {0};
            historian.readRaw(series.path(), Long.MIN_VALUE, Long.MAX_VALUE, (t, bits, quality, text) -> {
                count[0]++;
                double value = switch (series.type()) {
                    case DOUBLE -> Double.longBitsToDouble(bits);
                    case LONG -> bits;
                    case BOOLEAN -> bits;
                    case STRING -> text.length();
                };
                sum[0] += value;
                min[0] = Math.min(min[0], value);
                max[0] = Math.max(max[0], value);
                trues[0] += series.type() == ValueType.BOOLEAN ? bits : 0;
                first[0] = Math.min(first[0], t);
                last[0] = Math.max(last[0], t);
            });
            // DuckDB reads TIMESTAMP(NANOS, UTC) as TIMESTAMPTZ, which has microseconds: compare at that.
            figures.put(series.path(), describe(count[0], sum[0], min[0], max[0], Math.floorDiv(first[0], 1000),
                Math.floorDiv(last[0], 1000)));
        }
        return figures;
    }

    private static String describe(long count, double sum, double min, double max, long first, long last) {
        return String.format("n=%d sum=%.6e min=%.9g max=%.9g first=%d last=%d", count, sum, min, max, first, last);
    }

    /** An in-memory DuckDB: its own Parquet reader, independent of the writer's library. */
    private static Connection duck() throws SQLException {
        return new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
    }

    /** The same figures, computed by DuckDB from the archive's files. */
    private static Map<String, String> duckdb(Path root) throws SQLException {
        Map<String, String> figures = new TreeMap<>();
        String glob = root.resolve("samples").toString() + "/**/*.parquet";
        try (Connection duck = duck(); Statement sql = duck.createStatement();
             ResultSet rows = sql.executeQuery("SELECT path, count(*), sum(v), min(v), max(v), "
                 + "min(epoch_us(time)), max(epoch_us(time)) FROM (SELECT path, time, coalesce(value_double, "
                 + "value_long::DOUBLE, value_bool::INTEGER::DOUBLE, length(value_string)::DOUBLE) AS v "
                 + "FROM read_parquet('" + glob + "', hive_partitioning = true)) GROUP BY path")) {
            while (rows.next()) {
                figures.put(rows.getString(1), describe(rows.getLong(2), rows.getDouble(3), rows.getDouble(4),
                    rows.getDouble(5), rows.getLong(6), rows.getLong(7)));
            }
        }
        return figures;
    }

    private static WriteBatch plant(int day, SplittableRandom random) {
        WriteBatch batch = new WriteBatch();
        long start = T0 + day * DAY;
        for (int i = 0; i < 8640; i++) {   // every 10 s
            long t = start + i * 10_000_000_000L;
            batch.addDouble("acme/dallas/line1/temperature", t, 70 + random.nextGaussian());
            batch.addLong("acme/dallas/line1/good_parts", t, day * 100_000L + i);
            if (i % 360 == 0) {
                batch.addBoolean("acme/houston/line2/running", t, random.nextBoolean());
                batch.addString("acme/houston/line2/state", t, random.nextBoolean() ? "RUNNING" : "STOPPED");
                batch.addDouble("acme/odd name %/é=x/tag", t, random.nextDouble());
                batch.addDouble("toplevel", t, -random.nextDouble());
            }
        }
        batch.addDouble("acme/dallas/line1/nan_and_inf", start + 1, day == 0 ? Double.POSITIVE_INFINITY : -0.0);
        return batch;
    }

    @Test
    void duckDbReadsWhatWeHoldAndRunsAreIncremental() throws Exception {
        Path root = dir.resolve("archive");
        try (Historian historian = open()) {
            SplittableRandom random = new SplittableRandom(7);
            for (int day = 0; day < 3; day++) {
                historian.write(plant(day, random));
                historian.compactNow();
            }
            historian.setMetadata("acme/dallas/line1/temperature", new SeriesMetadata("degC", "oven \"A\"", 0, 300,
                Map.of("line", "1", "kind", "temperature")));
            ArchiveReport first = ParquetArchive.run(historian, root, options());
            assertEquals(3, first.daysExported(), first.toString());
            assertTrue(first.problems().isEmpty(), first.problems().toString());
            assertEquals(ours(historian), duckdb(root));

            ArchiveReport again = ParquetArchive.run(historian, root, options());
            assertEquals(0, again.daysExported(), "nothing changed: " + again);
            assertEquals(3, again.daysUnchanged());

            // a late sample into day 1: only day 1 is exported again, and it now holds it
            WriteBatch late = new WriteBatch().addDouble("acme/dallas/line1/temperature", T0 + DAY + 5, 99.5);
            historian.write(late);
            historian.compactNow();
            ArchiveReport third = ParquetArchive.run(historian, root, options());
            assertEquals(1, third.daysExported(), third.toString());
            assertEquals(ours(historian), duckdb(root));

            try (Connection duck = duck(); Statement sql = duck.createStatement()) {
                ResultSet levels = sql.executeQuery("SELECT DISTINCT level1, level2 FROM read_parquet('" + root
                    + "/samples/**/*.parquet', hive_partitioning = true) ORDER BY 1, 2");
                StringBuilder seen = new StringBuilder();
                while (levels.next()) {
                    seen.append(levels.getString(1)).append('/').append(levels.getString(2)).append(' ');
                }
                assertTrue(seen.toString().contains("acme/dallas"), seen.toString());
                ResultSet series = sql.executeQuery("SELECT type, unit, tags, range_high FROM read_parquet('" + root
                    + "/series/series.parquet') WHERE path = 'acme/dallas/line1/temperature'");
                assertTrue(series.next());
                assertEquals("DOUBLE", series.getString(1));
                assertEquals("degC", series.getString(2));
                assertEquals("{\"kind\":\"temperature\",\"line\":\"1\"}", series.getString(3));
                assertEquals(300.0, series.getDouble(4));
                ResultSet type = sql.executeQuery("SELECT logical_type FROM parquet_schema('" + root
                    + "/samples/**/*.parquet') WHERE name = 'time' LIMIT 1");
                assertTrue(type.next());
                String logical = type.getString(1);
                assertTrue(logical.contains("isAdjustedToUTC=1") && logical.contains("NANOS"), logical);
            }
        }
    }

    @Test
    void aDayNotColdYetWaits() throws Exception {
        Path root = dir.resolve("archive");
        try (Historian historian = open()) {
            clock.set(T0 / 1_000_000 + 86_400_000L + 1_800_000L);   // day 0 ended 30 minutes ago
            historian.write(plant(0, new SplittableRandom(1)));
            historian.compactNow();
            ArchiveReport early = ParquetArchive.run(historian, root, options());
            assertEquals(0, early.daysExported());
            assertEquals(1, early.daysNotColdYet());
            clock.addAndGet(3_600_000L);
            assertEquals(1, ParquetArchive.run(historian, root, options()).daysExported());
        }
    }

    @Test
    void realDataSetsMatchInDuckDb() throws Exception {
        List<Path> files = DataSets.sampleFiles();
        assumeFalse(files.isEmpty(), DataSets.skipReason());
        Path root = dir.resolve("archive");
        try (Historian historian = open()) {
            for (Path file : files) {
                WriteBatch batch = new WriteBatch();
                DataSets.forEachRow(file, (path, t, value) -> {
                    batch.addDouble(path, t, value);
                    if (batch.size() == 10_000) {
                        write(historian, batch);
                    }
                });
                write(historian, batch);
            }
            historian.compactNow();
            clock.set(Long.MAX_VALUE / 1_000_000 - 1);   // every day is cold
            ArchiveReport report = ParquetArchive.run(historian, root, options());
            assertTrue(report.daysExported() > 0 && report.problems().isEmpty(), report.toString());
            assertEquals(ours(historian), duckdb(root));
            assertTrue(Files.exists(root.resolve(ArchiveManifest.FILE)));
        }
    }

    private static void write(Historian historian, WriteBatch batch) {
        try {
            historian.write(batch);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        batch.clear();
    }
}
