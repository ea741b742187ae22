package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to every kind of file of a data directory: flipped bytes, truncation and zeroed
 * ranges at random offsets of block files, WAL cycle files, both catalog copies, the manifest, the
 * checkpoint, the settings and Chronicle's metadata. For every case: opening never crashes (a
 * damaged settings file is a clear refusal); no sample is invented or changed; every sample lost is
 * said so — by the read that misses it ({@link DataDamagedException}, for block data) or by a
 * problem reported at open naming the damaged file (WAL and catalog damage, whose series and times
 * cannot be known) — and {@code historian verify} ({@link DirectoryCheck}) flags the directory;
 * undamaged series keep serving in full.
 *
 * <p>{@value #CASES_PROPERTY} sets the cases per file kind (default 25; the long run is 1,000).
 */
class CorruptionFuzzTest {
    static final String CASES_PROPERTY = "uns.fuzz.cases";
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long DAY = 86_400L * SECOND;
    private static final List<String> PATHS = List.of("plant/line1/temperature", "plant/line1/count",
        "plant/line1/state", "plant/line2/temperature", "plant/line2/running", "plant/line3/pressure");

    @TempDir
    Path dir;

    private Path pristine;
    private Map<String, List<String>> truth;

    private static StorageOptions options() {
        return StorageOptions.builder().backgroundCompaction(false).compactOnClose(false)
            .fsyncPolicy(FsyncPolicy.NONE).build();
    }

    @BeforeEach
    void makePristineDirectory() throws IOException {
        pristine = dir.resolve("pristine");
        try (StorageEngine engine = StorageEngine.open(pristine, options())) {
            write(engine, 0, 40);
            engine.compactNow();   // two partitions of blocks
            write(engine, 40, 10);
            engine.compactNow();   // a second block in each
        }
        try (StorageEngine engine = StorageEngine.open(pristine, options())) {
            write(engine, 50, 10);   // and WAL records of an earlier session, not compacted
        }
        trimCycleFiles(pristine);
        Path reading = copy(pristine, dir.resolve("truth"));
        try (StorageEngine engine = StorageEngine.open(reading, options())) {
            assertEquals(List.of(), engine.problems());
            truth = readAll(engine, new ArrayList<>());
        }
        deleteTree(reading);
    }

    private static void write(StorageEngine engine, int firstBatch, int batches) throws IOException {
        for (int b = firstBatch; b < firstBatch + batches; b++) {
            WriteBatch batch = new WriteBatch();
            long t = T0 + (b % 2) * DAY + b * 100 * SECOND;
            for (int i = 0; i < 50; i++) {
                long at = t + i * SECOND;
                int quality = i % 9 == 0 ? 0x4000_0000 : 0;
                batch.addDouble(PATHS.get(0), at, 20 + b * 0.25 + i * 0.01, quality);
                batch.addLong(PATHS.get(1), at, b * 1000L + i, 0);
                batch.addString(PATHS.get(2), at, i % 3 == 0 ? "RUNNING" : "IDLE", 0);
                batch.addDouble(PATHS.get(3), at, -b - i * 0.5, 0);
                batch.addBoolean(PATHS.get(4), at, i % 2 == 0, quality);
                batch.addDouble(PATHS.get(5), at, Math.sin(b + i), 0);
            }
            engine.write(batch);
        }
    }

    /** Cuts the unwritten tail of each WAL cycle file (the scanner never needs it): copies stay small. */
    private static void trimCycleFiles(Path data) throws IOException {
        for (Path cycle : files(data, f -> f.toString().endsWith(".cq4"))) {
            byte[] bytes = Files.readAllBytes(cycle);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == 0) {
                end--;
            }
            try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
                file.setLength(Math.min(bytes.length, ((end + 4095) & ~4095) + 4096L));
            }
        }
    }

    /** Every series' samples as text, and the damage each read reported (into {@code damaged}). */
    private static Map<String, List<String>> readAll(StorageEngine engine, List<String> damaged) {
        Map<String, List<String>> samples = new LinkedHashMap<>();
        for (String path : PATHS) {
            List<String> series = new ArrayList<>();
            try {
                engine.read(path, Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) ->
                    series.add(t + " " + (s != null ? s : Long.toString(v)) + " " + q));
            } catch (DataDamagedException e) {
                damaged.add(path + ": " + e.getMessage());
            }
            samples.put(path, series);
        }
        return samples;
    }

    /** The file kinds and how to find their files in a copy. */
    private static Map<String, Predicate<Path>> kinds() {
        Map<String, Predicate<Path>> kinds = new TreeMap<>();
        kinds.put("block", f -> f.toString().endsWith(".blk"));
        kinds.put("wal cycle", f -> f.toString().endsWith(".cq4"));
        kinds.put("catalog", f -> f.getFileName().toString().equals("catalog.log"));
        kinds.put("catalog mirror", f -> f.getFileName().toString().equals("catalog.log.mirror"));
        kinds.put("manifest", f -> f.getFileName().toString().equals("MANIFEST"));
        kinds.put("checkpoint", f -> f.getFileName().toString().equals("checkpoint"));
        kinds.put("settings", f -> f.getFileName().toString().equals("store.properties"));
        kinds.put("chronicle metadata", f -> f.getFileName().toString().equals("metadata.cq4t"));
        return kinds;
    }

    @Test
    void everyLossIsSaidNothingIsInventedAndUndamagedSeriesServe() throws IOException {
        int cases = Integer.getInteger(CASES_PROPERTY, 25);
        long seed = SeededRandom.seed("CorruptionFuzzTest (" + cases + " cases per kind)");
        SplittableRandom random = SeededRandom.random(seed);
        StringBuilder summary = new StringBuilder("CorruptionFuzzTest, cases per kind " + cases + ":");
        for (Map.Entry<String, Predicate<Path>> kind : kinds().entrySet()) {
            int unharmed = 0;
            int lossSaid = 0;
            int reportedOnly = 0;
            int refused = 0;
            int silentCuts = 0;
            int unnoticed = 0;
            for (int c = 0; c < cases; c++) {
                Path copy = copy(pristine, dir.resolve("case"));
                List<Path> targets = files(copy, kind.getValue());
                assertFalse(targets.isEmpty(), "no " + kind.getKey() + " file in the test directory");
                Path target = targets.get(random.nextInt(targets.size()));
                String damage = damage(target, random);
                String where = kind.getKey() + " case " + c + " (" + damage + " in " + copy.relativize(target) + ") "
                    + SeededRandom.describe(seed);
                DirectoryCheck.Report check = DirectoryCheck.run(copy);
                List<String> damagedReads = new ArrayList<>();
                Map<String, List<String>> read;
                List<StorageProblem> problems;
                try (StorageEngine engine = StorageEngine.open(copy, options())) {
                    read = readAll(engine, damagedReads);
                    problems = engine.problems();
                } catch (IOException e) {
                    assertEquals("settings", kind.getKey(), where + ": only damaged settings refuse to open: " + e);
                    assertTrue(e.getMessage().contains("store.properties") && !e.getMessage().contains("\n"),
                        where + ": a one-line refusal naming the file: " + e.getMessage());
                    assertFalse(check.clean(), where + ": verify flags damaged settings");
                    refused++;
                    deleteTree(copy);
                    continue;
                }
                boolean lost = false;
                for (String path : PATHS) {
                    List<String> got = read.get(path);
                    List<String> expected = truth.get(path);
                    for (String sample : got) {
                        if (!expected.contains(sample)) {
                            fail(where + ": " + path + " holds a sample that was never written: " + sample);
                        }
                    }
                    if (got.size() != expected.size()) {
                        lost = true;
                        boolean saidByRead = damagedReads.stream().anyMatch(d -> d.startsWith(path + ":"));
                        if (kind.getKey().equals("block")) {
                            assertTrue(saidByRead, where + ": " + path + " lost " + (expected.size() - got.size())
                                + " samples of a damaged block and its read did not say so");
                        } else if (!saidByRead && problems.isEmpty()) {
                            // The one loss no WAL can see: a file cut exactly where a record ends, in the
                            // newest session (a crash leaves the same bytes). Anything else must be said.
                            assertTrue(kind.getKey().equals("wal cycle") && damage.startsWith("truncated to ")
                                && documentEnds(pristine.resolve(copy.relativize(target).toString()))
                                .contains(Long.parseLong(damage.split(" ")[2])), where + ": " + path
                                + " lost samples, and nothing said so");
                            silentCuts++;
                            lost = false;   // counted apart below
                        }
                    }
                }
                if (lost) {
                    assertFalse(check.clean(), where + ": samples were lost and verify found nothing; the open said " + problems);
                    assertTrue(problems.stream().anyMatch(p -> p.file().startsWith(target.getParent()))
                        || damagedReads.stream().anyMatch(d -> d.contains(target.getFileName().toString())),
                        where + ": the damaged file is named: " + problems + " " + damagedReads);
                    if (damagedReads.isEmpty()) {
                        reportedOnly++;
                    } else {
                        lossSaid++;
                    }
                } else if (!check.clean() || !problems.isEmpty()) {
                    unharmed++;   // found and reported, nothing lost (a repaired copy, a full replay)
                } else {
                    unnoticed++;   // bytes nothing depends on (padding, a comment, a file never read)
                }
                deleteTree(copy);
            }
            summary.append(String.format("%n  %s: %d found with nothing lost, %d losses said by the read, %d losses "
                + "reported at open, %d clear refusals, %d harmless and unnoticed, %d cut at a record end (a crash "
                + "leaves the same bytes)", kind.getKey(), unharmed, lossSaid, reportedOnly, refused,
                unnoticed - silentCuts, silentCuts));
        }
        System.out.println(summary);
    }

    /** Where each Chronicle document of a (pristine) cycle file ends: the offsets a cut leaves no trace at. */
    private static java.util.Set<Long> documentEnds(Path cycle) throws IOException {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(Files.readAllBytes(cycle))
            .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        java.util.Set<Long> ends = new java.util.HashSet<>();
        int position = 0;
        while (position + 4 <= bytes.capacity()) {
            int header = bytes.getInt(position);
            if (header == 0) {
                break;
            }
            position = (position + 4 + (header & 0x3FFF_FFFF) + 3) & ~3;
            ends.add((long) position);
        }
        return ends;
    }

    /** Damages {@code file} at random: flipped bytes, a truncation or a zeroed range; says what it did. */
    private static String damage(Path file, SplittableRandom random) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            return "nothing (empty file)";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                int flips = 1 + random.nextInt(3);
                StringBuilder what = new StringBuilder("flipped bytes at");
                for (int i = 0; i < flips; i++) {
                    long offset = random.nextLong(size);
                    raf.seek(offset);
                    int b = raf.read();
                    raf.seek(offset);
                    raf.write(b ^ (1 + random.nextInt(255)));
                    what.append(' ').append(offset);
                }
                return what.toString();
            }
            if (kind < 9) {
                long length = random.nextLong(size);
                raf.setLength(length);
                return "truncated to " + length + " of " + size + " bytes";
            }
            long offset = random.nextLong(size);
            int length = (int) Math.min(size - offset, 1 + random.nextInt(4096));
            raf.seek(offset);
            raf.write(new byte[length]);
            return "zeroed " + length + " bytes at " + offset;
        }
    }

    private static List<Path> files(Path root, Predicate<Path> kind) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(kind).sorted().toList();
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!source.getFileName().toString().equals("LOCK")) {
                    Files.copy(source, target);
                }
            }
        }
        return to;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
