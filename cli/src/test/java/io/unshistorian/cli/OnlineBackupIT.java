package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/operations.md#backup, proved: {@code bin/historian-backup} copies the data directory of a
 * {@code historian serve} that keeps receiving writes (CSV imports through its gRPC API, one after
 * another), and the copy, restored as the docs say, verifies clean and holds every sample whose
 * import was acknowledged before the backup started. The directory already holds block files, a
 * checkpoint and a manifest (from a first run stopped gracefully) besides the live WAL.
 */
class OnlineBackupIT {
    private static final int ROWS = 500;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** The rows of import {@code i}: its own second range, over five series. */
    private static List<String> rows(int i) {
        List<String> rows = new ArrayList<>();
        for (int j = 0; j < ROWS; j++) {
            rows.add("plant/line" + (j % 5) + "/temperature," + T0.plusSeconds((long) i * ROWS + j) + "," + (i * ROWS + j + 0.5));
        }
        return rows;
    }

    /** Imports batch {@code i} through the server; returns once the server acknowledged all of it. */
    private void importBatch(String server, int i) throws Exception {
        Path csv = dir.resolve("batch-" + i + ".csv");
        Files.writeString(csv, "path,timestamp,value\n" + String.join("\n", rows(i)) + "\n");
        String out = Release.historian("import", csv.toString(), "--server", server, "--quiet");
        assertTrue(out.contains(ROWS + " samples stored, 0 rejected"), out);
    }

    @Test
    void aBackupOfARunningServerHoldsEverythingAcknowledgedBeforeIt() throws Exception {
        Path data = dir.resolve("uns-historian");
        Path config = Release.config(data, dir.resolve("historian.properties"));
        int next = 0;
        try (Release.Server first = Release.Server.serve(config)) {
            importBatch(first.address, next++);
            importBatch(first.address, next++);
            first.stop();
        }
        try (var blocks = Files.list(data.resolve("blocks"))) {
            assertTrue(blocks.findAny().isPresent(), "the graceful stop wrote block files");
        }

        List<Integer> acknowledged = new CopyOnWriteArrayList<>(List.of(0, 1));
        List<Integer> before;
        Path archive = dir.resolve("backup.tar");
        try (Release.Server server = Release.Server.serve(config)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            int firstLive = next;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = firstLive; writing.get(); i++) {
                        importBatch(server.address, i);
                        acknowledged.add(i);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitAcknowledged(acknowledged, 5, writer);
            before = List.copyOf(acknowledged);
            String backup = Release.exec(List.of(Release.home().resolve("bin/historian-backup").toString(), "--pid",
                Long.toString(server.process.pid()), data.toString(), archive.toString()));
            assertTrue(backup.contains("copied to " + archive + " (") && backup.contains("process "
                + server.process.pid() + " frozen for"), backup);
            awaitAcknowledged(acknowledged, acknowledged.size() + 2, writer);
            writing.set(false);
            writer.join();
            server.stop();
        }
        assertTrue(acknowledged.size() > before.size() + 1, "writes went on after the backup");

        // Restore as the docs say: a fresh directory from the archive, then the server on it.
        Path restored = dir.resolve("restored/uns-historian");
        Files.createDirectories(restored);
        Release.exec(List.of("tar", "-C", restored.toString(), "-xf", archive.toString()));
        String verified = Release.historian("verify", "--data", restored.toString());
        assertTrue(verified.contains("everything checks out"), verified);
        Set<String> stored = new HashSet<>();
        try (Release.Server server = Release.Server.serve(Release.config(restored, dir.resolve("restored.properties")))) {
            String raw = Release.historian("query", "plant/#", "--server", server.address, "--start", T0.toString(),
                "--end", T0.plusSeconds(1_000_000).toString(), "--format", "csv");
            raw.strip().lines().skip(1).map(OnlineBackupIT::normalised).forEach(stored::add);
            server.stop();
        }
        List<String> missing = new ArrayList<>();
        for (int i : before) {
            rows(i).stream().map(OnlineBackupIT::normalised).filter(row -> !stored.contains(row)).forEach(missing::add);
        }
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())),
            missing.size() + " samples acknowledged before the backup are not in it (first 10 shown)");
        assertTrue(stored.size() >= before.size() * ROWS, stored.size() + " samples restored");
    }

    /** Waits until {@code count} imports are acknowledged; fails with the writer's failure if it stopped. */
    private static void awaitAcknowledged(List<Integer> acknowledged, int count, CompletableFuture<Void> writer)
        throws InterruptedException {
        while (acknowledged.size() < count) {
            if (writer.isDone()) {
                writer.join();
                throw new AssertionError("the writer stopped after " + acknowledged.size() + " imports");
            }
            Thread.sleep(50);
        }
    }

    /** path,instant,value with the value as a number, so the CSV's and the import's spelling compare equal. */
    private static String normalised(String row) {
        String[] cells = row.split(",");
        return cells[0] + "," + Instant.parse(cells[1]) + "," + Double.parseDouble(cells[2]);
    }
}
