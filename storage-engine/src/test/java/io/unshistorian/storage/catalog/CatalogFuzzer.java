package io.unshistorian.storage.catalog;

import static io.unshistorian.storage.FuzzFiles.crc32c;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.storage.FuzzFiles;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.series.Series;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): a catalog ({@code catalog.log} and its mirror) of arbitrary bytes,
 * read as {@code historian verify} reads it ({@link CatalogFile#inspect}) and as the engine opens it
 * ({@link SeriesCatalog#open}: replay, damage report, rewrite of both copies), then opened a second
 * time. Any input opens — damage is reported, never thrown — to a catalog whose series the second
 * open finds again unchanged; nothing escapes (no index, size or arithmetic exception, no
 * allocation an id or length made huge).
 *
 * <p>Input: one flag byte, a little-endian u16 split, then the bytes: {@code catalog.log} is the
 * bytes before the split, the mirror those after it (flag bit 1: no mirror; bit 2: the mirror a copy
 * of the primary). Flag bit 0 recomputes the CRC32C of every record the length fields chain, so
 * mutations reach the payload parsing instead of dying at a checksum.
 */
class CatalogFuzzer {
    private static Path root;

    @BeforeAll
    static void setUp() throws IOException {
        FuzzCorpus.perTarget(CatalogFuzzer.class);
        root = Files.createTempDirectory("catalog-fuzz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        FuzzFiles.delete(root);
    }

    @FuzzTest(maxDuration = "10s")
    void open(byte[] input) throws IOException {
        if (input.length < 3) {
            return;
        }
        int flags = input[0];
        int split = Math.min((input[1] & 0xFF) | (input[2] & 0xFF) << 8, input.length - 3);
        byte[] primary = Arrays.copyOfRange(input, 3, 3 + split);
        byte[] mirror = (flags & 4) != 0 ? primary.clone() : Arrays.copyOfRange(input, 3 + split, input.length);
        if ((flags & 1) != 0) {
            fixChecksums(primary);
            fixChecksums(mirror);
        }
        FuzzFiles.empty(root);
        Path path = root.resolve("catalog.log");
        Files.write(path, primary);
        if ((flags & 2) == 0) {
            Files.write(CatalogFile.mirrorOf(path), mirror);
        }

        Set<Integer> named = CatalogFile.inspect(path, new StorageProblems());
        assertNotNull(named);
        Map<Integer, Series> first = new TreeMap<>();
        try (SeriesCatalog catalog = SeriesCatalog.open(path, new StorageProblems(), FuzzFiles.NO_SYNC)) {
            collect(catalog, named, first);
            catalog.index().children("");
            catalog.index().match("#");
        }
        Map<Integer, Series> second = new TreeMap<>();
        try (SeriesCatalog catalog = SeriesCatalog.open(path, new StorageProblems(), FuzzFiles.NO_SYNC)) {
            collect(catalog, new TreeSet<>(first.keySet()), second);
        }
        assertEquals(first, second, "a second open finds other series than the first");
    }

    private static void collect(SeriesCatalog catalog, Set<Integer> ids, Map<Integer, Series> into) {
        for (int id : ids) {
            Series series = catalog.get(id);
            if (series != null) {
                into.put(id, series);
                catalog.find(series.path());   // the last series a log names a path for owns it
            }
        }
    }

    /** Recomputes the CRC of each record the length fields chain from the 8-byte file header. */
    private static void fixChecksums(byte[] bytes) {
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = CatalogFile.HEADER_LENGTH;
        while (position + CatalogFile.RECORD_HEADER_LENGTH <= bytes.length) {
            int length = file.getInt(position + CatalogFile.RECORD_LENGTH_OFFSET);
            int end = position + CatalogFile.RECORD_HEADER_LENGTH + length;
            if (length < 0 || end > bytes.length || end < 0) {
                return;
            }
            byte[] covered = new byte[Integer.BYTES + 1 + length];
            System.arraycopy(bytes, position + CatalogFile.RECORD_LENGTH_OFFSET, covered, 0, Integer.BYTES);
            covered[Integer.BYTES] = bytes[position + CatalogFile.RECORD_TYPE_OFFSET];
            System.arraycopy(bytes, position + CatalogFile.RECORD_HEADER_LENGTH, covered, Integer.BYTES + 1, length);
            file.putInt(position + CatalogFile.RECORD_CRC_OFFSET, crc32c(covered, 0, covered.length));
            position = end;
        }
    }
}
