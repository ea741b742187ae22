package io.unshistorian.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.DataSets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared data sets through the query engine, against the reference model. The NAB file
 * repeats the hour 2014-01-07 02:00–02:55 with other values: the second occurrence comes later in
 * the file, so it is the last write and wins, and that hour has 12 samples, not 24.
 */
class RealDataQueryTest {
    private static final long HOUR = 3_600_000_000_000L;

    @TempDir
    Path dir;

    private static void write(StorageEngine storage, WriteBatch batch) {
        try {
            storage.write(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }

    @Test
    void dataSetsAnswerLikeTheReference() throws IOException {
        List<Path> files = DataSets.sampleFiles();
        Assumptions.assumeFalse(files.isEmpty(), DataSets::skipReason);
        ReferenceModel model = new ReferenceModel();
        try (StorageEngine storage = StorageEngine.open(dir, StorageOptions.builder().backgroundCompaction(false).build())) {
            for (Path file : files) {
                WriteBatch batch = new WriteBatch(10_000);
                DataSets.forEachRow(file, (path, t, v) -> {
                    batch.addDouble(path, t, v);
                    model.write(path, ValueType.DOUBLE, t, Double.doubleToRawLongBits(v), 0);
                    if (batch.size() == 10_000) {
                        write(storage, batch);
                    }
                });
                storage.write(batch);
            }
            storage.compactNow();
            QueryEngine engine = new QueryEngine(storage);
            for (String path : model.series.keySet()) {
                TreeMap<Long, ReferenceModel.Stored> samples = model.series.get(path);
                long start = samples.firstKey();
                long end = samples.lastKey() + 1;
                AggregateRequest request = AggregateRequest.of(start, end, HOUR).withStddev().withTimeWeightedAverage();
                List<AggregateRow> actual = new ArrayList<>();
                engine.aggregate(Selection.of(path), request, actual::add);
                List<AggregateRow> expected = model.aggregate(path, request);
                assertEquals(expected.size(), actual.size(), path);
                for (int i = 0; i < expected.size(); i++) {
                    assertEquals(expected.get(i).count(), actual.get(i).count(), path);
                    assertEquals(expected.get(i).min(), actual.get(i).min(), 0.0, path);
                    assertEquals(expected.get(i).max(), actual.get(i).max(), 0.0, path);
                    QueryDifferentialTest.close(expected.get(i).avg(), actual.get(i).avg(), path);
                    QueryDifferentialTest.close(expected.get(i).timeWeightedAverage(),
                        actual.get(i).timeWeightedAverage(), path);
                }
            }
            if (model.series.containsKey("nab/machine/temperature")) {
                long duplicatedHour = java.time.Instant.parse("2014-01-07T02:00:00Z").toEpochMilli() * 1_000_000L;
                List<AggregateRow> rows = new ArrayList<>();
                engine.aggregate(Selection.of("nab/machine/temperature"),
                    AggregateRequest.of(duplicatedHour, duplicatedHour + HOUR, HOUR), rows::add);
                assertEquals(12, rows.get(0).count(), "the repeated hour keeps one sample per timestamp");
                Map.Entry<Long, ReferenceModel.Stored> first = model.series.get("nab/machine/temperature")
                    .ceilingEntry(duplicatedHour);
                assertEquals(Double.longBitsToDouble(first.getValue().bits()), rows.get(0).first(), 0.0,
                    "the second occurrence in the file (the last write) wins");
            }
        }
    }

    @Test
    void badQueriesAreRefusedWithAClearReason() throws IOException {
        try (StorageEngine storage = StorageEngine.open(dir, StorageOptions.builder().backgroundCompaction(false).build())) {
            storage.write(new WriteBatch().addDouble("a/b", 1_767_225_600_000_000_000L, 1));
            QueryEngine engine = new QueryEngine(storage);
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> engine.aggregate(Selection.of("a/#/b"), AggregateRequest.of(0, 1, 1), row -> { }))
                .getMessage().contains("'#' must be a whole level and the last one"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AggregateRequest.of(5, 5, 1)).getMessage()
                .contains("empty range"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AggregateRequest.of(0, 5, 0)).getMessage()
                .contains("bucket width must be positive"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> engine.raw(Selection.of("a/b"), 0, Long.MAX_VALUE, 1, "garbage", (s, t, v, q, x) -> { }))
                .getMessage().contains("malformed cursor"));
            assertTrue(assertThrows(IllegalArgumentException.class,
                () -> engine.plot(Selection.of("a/b"), 0, 10, 0, QualityMode.ALL, p -> { })).getMessage()
                .contains("at least one pixel"));
        }
    }
}
