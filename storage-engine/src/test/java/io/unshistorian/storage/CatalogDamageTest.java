package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog is the one place a path is tied to its series id, so it is kept twice
 * ({@code catalog.log} and {@code catalog.log.mirror}). Damage to one copy costs nothing and is
 * reported; damage to both costs the records hit and is reported, with the blocks whose series can
 * no longer be named; and nothing readable is ever cut off on open.
 */
class CatalogDamageTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final List<String> PATHS = List.of("plant/a", "plant/b", "plant/c");

    @TempDir
    Path dir;
    private Path catalog;
    private Path mirror;

    private static StorageOptions options() {
        return StorageOptions.builder().backgroundCompaction(false).compactOnClose(false).build();
    }

    @BeforeEach
    void writeThreeSeries() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            for (String path : PATHS) {
                WriteBatch batch = new WriteBatch();
                for (int i = 0; i < 10; i++) {
                    batch.addDouble(path, T0 + i * SECOND, i);
                }
                engine.write(batch);
            }
            engine.compactNow();
        }
        catalog = dir.resolve("catalog.log");
        mirror = dir.resolve("catalog.log.mirror");
        assertArrayEquals(Files.readAllBytes(catalog), Files.readAllBytes(mirror), "the mirror is a byte copy");
    }

    private static int count(StorageEngine engine, String path) {
        int[] n = {0};
        engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> n[0]++);
        return n[0];
    }

    private long recordOf(Path file, String path) throws IOException {
        return CorruptionTest.find(file, path.getBytes(StandardCharsets.UTF_8)) - 7 - 9;
    }

    private void assertAllThere() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            for (String path : PATHS) {
                assertEquals(10, count(engine, path), path);
            }
            assertEquals(List.of(), engine.problems(), "repaired: a second open finds nothing wrong");
        }
        assertArrayEquals(Files.readAllBytes(catalog), Files.readAllBytes(mirror), "both copies equal again");
    }

    private List<Path> keptAside() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().contains(".damaged-")).toList();
        }
    }

    @Test
    void aDamagedRecordInOneCopyCostsNothingAndIsReported() throws IOException {
        long record = recordOf(catalog, "plant/b");
        CorruptionTest.flipByte(catalog, record + 9 + 7 + 3);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(10, count(engine, "plant/b"));
            assertEquals(1, engine.problems().size(), engine.problems().toString());
            StorageProblem problem = engine.problems().get(0);
            assertEquals(catalog, problem.file());
            assertEquals(record, problem.offset(), "the damaged record's start");
            assertTrue(problem.reason().contains("checksum mismatch") && problem.reason().contains("nothing lost"),
                problem.reason());
        }
        assertEquals(1, keptAside().size(), "the damaged copy is kept, not destroyed");
        assertAllThere();
    }

    @Test
    void aLengthRunningPastTheEndIsNotCutOff() throws IOException {
        long record = recordOf(catalog, "plant/a");
        CorruptionTest.flipByte(catalog, record + 3);   // the high byte of the first record's length
        long size = Files.size(catalog);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            for (String path : PATHS) {
                assertEquals(10, count(engine, path), path);
            }
            assertTrue(engine.problems().get(0).reason().contains("out of bounds"), engine.problems().toString());
        }
        assertEquals(size, Files.size(keptAside().get(0)), "the damaged copy is kept whole");
        assertAllThere();
    }

    @Test
    void aDamagedMirrorIsRepairedFromTheCatalog() throws IOException {
        CorruptionTest.flipByte(mirror, recordOf(mirror, "plant/c") + 12);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(1, engine.problems().size(), engine.problems().toString());
            assertEquals(mirror, engine.problems().get(0).file());
        }
        assertAllThere();
    }

    @Test
    void aDeletedOrEmptiedCatalogIsRestoredFromTheMirrorAndSaidSo() throws IOException {
        Files.delete(catalog);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(10, count(engine, "plant/a"));
            assertTrue(engine.problems().get(0).reason().contains("missing"), engine.problems().toString());
        }
        assertAllThere();
        try (RandomAccessFile file = new RandomAccessFile(catalog.toFile(), "rw")) {
            file.setLength(0);
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertTrue(engine.problems().get(0).reason().contains("empty"), engine.problems().toString());
        }
        assertAllThere();
    }

    @Test
    void damageInBothCopiesLosesOnlyThoseSeriesAndNamesTheBlocksThatNoLongerHaveAName() throws IOException {
        CorruptionTest.flipByte(catalog, recordOf(catalog, "plant/b") + 20);
        CorruptionTest.flipByte(mirror, recordOf(mirror, "plant/b") + 20);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(10, count(engine, "plant/a"));
            assertEquals(10, count(engine, "plant/c"));
            assertNull(engine.find("plant/b"));
            String problems = engine.problems().toString();
            assertTrue(problems.contains("lost"), problems);
            assertTrue(problems.contains("do") && problems.contains("not name"), "the orphaned chunks: " + problems);
            // New series never take the orphaned id.
            engine.write(new WriteBatch().addDouble("plant/d", T0, 1));
            assertEquals(3, engine.find("plant/d").id());
        }
    }

    @Test
    void bothCopiesGoneWithBlocksPresentIsLoudNotAnEmptyHistorian() throws IOException {
        Files.delete(catalog);
        Files.delete(mirror);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertNull(engine.find("plant/a"));
            assertEquals(1, engine.problems().size(), "one problem per block: " + engine.problems());
            assertTrue(engine.problems().get(0).reason().contains("3 chunk(s)"), engine.problems().toString());
        }
    }

    @Test
    void aTornLastAppendIsDroppedQuietlyAndAppendsContinue() throws IOException {
        for (Path copy : List.of(catalog, mirror)) {
            try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
                file.setLength(file.length() - 3);   // what a crash in the middle of the last append leaves
            }
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertNotNull(engine.find("plant/b"));
            assertNull(engine.find("plant/c"));
            // plant/c's samples were compacted, so its now nameless chunks are reported (a real
            // crash never leaves that: a series is durable before any sample refers to it).
            assertEquals(1, engine.problems().size(), engine.problems().toString());
            engine.write(new WriteBatch().addDouble("plant/e", T0, 1));
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            assertEquals(1, count(engine, "plant/e"));
            assertEquals(10, count(engine, "plant/a"));
        }
    }
}
