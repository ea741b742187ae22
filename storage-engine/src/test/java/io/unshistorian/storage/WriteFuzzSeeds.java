package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the committed seed inputs of this module's fuzz targets (docs/fuzzing.md) with the real
 * engine: a data directory written through {@link StorageEngine} gives a block file, a WAL cycle
 * file and a catalog, and the version 1 fixture of {@code format-v1-wal} a version 1 WAL. Not part
 * of the suite (its name does not end in Test); run it when a format changes:
 * {@code mvn -o test -pl storage-engine -Dtest=WriteFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WriteFuzzSeeds {
    private static final Path RESOURCES = Path.of("src/test/resources/io/unshistorian/storage");
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int DOCUMENT_LENGTH_MASK = 0x3FFF_FFFF;
    private static final int METADATA = 0x4000_0000;

    @TempDir
    Path dir;

    @Test
    void write() throws IOException {
        Path data = dir.resolve("data");
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false)
            .fsyncPolicy(FsyncPolicy.NONE).build();
        try (StorageEngine engine = StorageEngine.open(data, options)) {
            engine.write(batch(0));
            engine.setMetadata("plant/line1/temperature", new SeriesMetadata("degC", "inlet", -20, 150,
                Map.of("area", "A1", "sensor", "PT100")));
            engine.compactNow();   // a block file of every value type
            engine.write(batch(1));   // and WAL records that stay in the WAL
        }

        Path blocks = RESOURCES.resolve("block/BlockFileFuzzerInputs/openAndRead");
        byte[] block = Files.readAllBytes(only(data.resolve("blocks"), ".blk"));
        seed(blocks, "seed-block", flagged(0, block));
        seed(blocks, "seed-block-fix-checksums", flagged(1, block));
        seed(blocks, "seed-block-fix-trailer-and-checksums", flagged(3, block));

        Path wal = RESOURCES.resolve("wal/WalRecordFuzzerInputs/scan");
        byte[] cycle = Files.readAllBytes(only(data.resolve("wal"), ".cq4"));
        seed(wal, "seed-wal-v2", flagged(0, compactCycleFile(cycle)));
        seed(wal, "seed-wal-v2-fix-checksums", flagged(1, compactCycleFile(cycle)));
        byte[] version1 = Files.readAllBytes(Path.of("src/test/resources/format-v1-wal/data/wal/20260102-0000V.cq4"));
        seed(wal, "seed-wal-v1", flagged(0, compactCycleFile(version1)));

        Path catalogs = RESOURCES.resolve("catalog/CatalogFuzzerInputs/open");
        byte[] catalog = Files.readAllBytes(data.resolve("catalog.log"));
        seed(catalogs, "seed-catalog-and-mirror", catalogInput(0, catalog, catalog));
        seed(catalogs, "seed-catalog-mirror-copied-fix-checksums", catalogInput(5, catalog, new byte[0]));
        seed(catalogs, "seed-catalog-without-mirror", catalogInput(2, catalog, new byte[0]));
        byte[] truncated = Arrays.copyOf(catalog, catalog.length - 5);
        seed(catalogs, "seed-catalog-torn-tail", catalogInput(0, truncated, catalog));
    }

    /** Samples of every value type, with metadata, so the catalog has both record types. */
    private static WriteBatch batch(int round) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 6; i++) {
            long t = T0 + (round * 6 + i) * SECOND;
            batch.addDouble("plant/line1/temperature", t, 20.5 + i * 0.25, i == 3 ? 0x4000_0000 : 0);
            batch.addLong("plant/line1/count", t, 1_000L * round + i);
            batch.addBoolean("plant/line1/running", t, i % 2 == 0);
            batch.addString("plant/line1/state", t, i % 3 == 0 ? "RUNNING" : "Störung ⚠");
        }
        return batch;
    }

    /**
     * A cycle file without Chronicle's index documents and its unwritten (zero) tail: the queue
     * header document and the data documents, which is all the scanner reads. Keeps seeds small.
     */
    private static byte[] compactCycleFile(byte[] cycle) {
        ByteBuffer in = ByteBuffer.wrap(cycle).order(ByteOrder.LITTLE_ENDIAN);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        boolean first = true;
        while (position + 4 <= cycle.length) {
            int header = in.getInt(position);
            if (header == 0) {
                break;
            }
            int end = (position + 4 + (header & DOCUMENT_LENGTH_MASK) + 3) & ~3;
            if (first || (header & METADATA) == 0) {
                out.write(cycle, position, Math.min(end, cycle.length) - position);
            }
            first = false;
            position = end;
        }
        byte[] compact = out.toByteArray();
        assertTrue(compact.length < 4096, "seed of " + compact.length + " bytes");
        return compact;
    }

    private static byte[] catalogInput(int flags, byte[] primary, byte[] mirror) {
        ByteBuffer input = ByteBuffer.allocate(3 + primary.length + mirror.length).order(ByteOrder.LITTLE_ENDIAN);
        input.put((byte) flags).putShort((short) primary.length).put(primary).put(mirror);
        return input.array();
    }

    private static Path only(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> found = files.filter(f -> f.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    private static byte[] flagged(int flags, byte[] content) {
        byte[] input = new byte[content.length + 1];
        input[0] = (byte) flags;
        System.arraycopy(content, 0, input, 1, content.length);
        return input;
    }

    private static void seed(Path directory, String name, byte[] input) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(name), input);
    }
}
