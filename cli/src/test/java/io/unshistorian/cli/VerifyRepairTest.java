package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * {@code historian verify} finds real damage without changing anything; {@code historian repair}
 * keeps everything readable, quarantines the rest and deletes nothing; a second verify is clean.
 * The damage: a flipped byte in a block chunk, a flipped byte in an uncompacted WAL record, and a
 * series record destroyed in both catalog copies.
 */
class VerifyRepairTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private String[] run(String... arguments) {
        InProcessCli.Result result = InProcessCli.run(arguments);
        return new String[] {Integer.toString(result.exit()), result.out(), result.err()};
    }

    private static long count(Historian historian, String path) {
        long[] n = {0};
        historian.readRaw(path, T0, T0 + 10_000 * SECOND, (t, v, q, s) -> n[0]++);
        return n[0];
    }

    @Test
    void verifyFindsTheDamageRepairKeepsWhatIsReadableAndVerifyIsThenClean() throws IOException {
        Path data = dir.resolve("data");
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false).build();
        try (Historian historian = Historian.open(data, options)) {
            for (int i = 0; i < 100; i++) {
                historian.writeDouble("acme/line1/a", T0 + i * SECOND, i);   // id 0: the block's first chunk
                historian.writeDouble("acme/line1/b", T0 + i * SECOND, i);
                historian.writeDouble("acme/line1/c", T0 + i * SECOND, i);
            }
            historian.compactNow();
            for (int i = 100; i < 110; i++) {
                historian.writeDouble("acme/line1/b", T0 + i * SECOND, i);   // ten WAL records, not compacted
            }
        }
        Path block = only(data.resolve("blocks"), ".blk");
        flip(block, 48 + 30);
        Path cycle = only(data.resolve("wal"), ".cq4");
        flip(cycle, find(cycle, littleEndian(T0 + 105 * SECOND)) + 2);
        for (Path catalog : List.of(data.resolve("catalog.log"), data.resolve("catalog.log.mirror"))) {
            flip(catalog, find(catalog, "acme/line1/c".getBytes(StandardCharsets.UTF_8)) + 3);
        }
        byte[] before = Files.readAllBytes(block);

        String[] verify = run("verify", "--data", data.toString());
        assertEquals("3", verify[0], verify[1] + verify[2]);
        assertTrue(verify[1].contains(block + " at offset 48: chunk of series 0 unreadable"), verify[1]);
        assertTrue(verify[1].contains(cycle.toString()), "the WAL damage: " + verify[1]);
        assertTrue(verify[1].contains("series id 2 is not in the catalog"), verify[1]);
        assertTrue(verify[1].contains("`historian repair --data"), verify[1]);
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(block)), "verify changes nothing");

        String[] repair = run("repair", "--data", data.toString());
        assertEquals("0", repair[0], repair[1] + repair[2]);
        assertTrue(repair[1].contains("repaired: " + block.getFileName() + ": 2 readable chunk(s) rewritten"),
            repair[1]);
        assertTrue(repair[1].contains("named lost-and-found/series-2"), repair[1]);
        assertTrue(repair[1].contains("damaged WAL file moved to"), repair[1]);
        try (Stream<Path> quarantined = Files.walk(data.resolve("quarantine"))) {
            assertEquals(4, quarantined.filter(Files::isRegularFile).count(), "the damaged block, WAL file and "
                + "both catalog copies are kept in quarantine");
        }

        String[] again = run("verify", "--data", data.toString());
        assertEquals("0", again[0], again[1] + again[2]);
        assertTrue(again[1].contains("everything checks out"), again[1]);

        try (Historian historian = Historian.open(data, options)) {
            assertEquals(List.of(), historian.problems());
            assertEquals(0, count(historian, "acme/line1/a"), "its one chunk was damaged: given up, said so once");
            assertEquals(109, count(historian, "acme/line1/b"), "all but the damaged WAL record's sample");
            assertEquals(100, count(historian, "lost-and-found/series-2"), "c's samples, found again");
        }
    }

    @Test
    void aDamagedSettingsFileIsOneClearLine() throws IOException {
        Path data = dir.resolve("data");
        try (Historian historian = Historian.open(data, StorageOptions.builder().build())) {
            historian.writeDouble("acme/a", T0, 1);
        }
        Files.write(data.resolve("store.properties"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00});
        String[] query = run("query", "acme/#", "--data", data.toString());
        assertEquals("1", query[0]);
        assertEquals(1, query[2].strip().lines().count(), query[2]);
        assertTrue(query[2].contains("store.properties is damaged") && query[2].contains("partition.width.seconds="),
            query[2]);
        String[] verify = run("verify", "--data", data.toString());
        assertEquals("3", verify[0], verify[1] + verify[2]);
        assertTrue(verify[1].contains("damaged (not a properties text file)"), verify[1]);
    }

    private static Path only(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> matching = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertEquals(1, matching.size(), matching.toString());
            return matching.get(0);
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            int b = raf.read();
            raf.seek(offset);
            raf.write(b ^ 0x5A);
        }
    }

    private static long find(Path file, byte[] pattern) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        throw new AssertionError("pattern not found in " + file);
    }

    private static byte[] littleEndian(long value) {
        return java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array();
    }
}
