package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change feed reads back every accepted batch, in order, with its sequence: across reopens
 * (earlier sessions' files) and the live session, across roll cycles and compactions while the WAL
 * keeps what the feed has not consumed; a failing handler gets the same batch again; past the
 * retention cap the oldest files go and the feed shows the jump.
 */
class ChangeFeedTest {
    private static final long MINUTE_MS = 60_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_767_225_600_000L);

    private StorageOptions options() {
        return StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get)
            .fsyncPolicy(io.unshistorian.storage.wal.FsyncPolicy.EVERY_BATCH).build();
    }

    /** Batch {@code b}: b % 3 + 1 samples of two series, one a string, values derived from b. */
    private static WriteBatch batch(int b) {
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i <= b % 3; i++) {
            batch.addDouble("acme/line1/t", (b * 10L + i) * 1_000_000L, b + i / 10.0);
        }
        batch.addString("acme/line1/state", b * 10L * 1_000_000L, "s" + b);
        return batch;
    }

    private static String describe(long sequence, ChangeFeed.Batch batch) {
        StringBuilder text = new StringBuilder().append(sequence).append(':');
        for (int i = 0; i < batch.size(); i++) {
            text.append(batch.series(i).path()).append('@').append(batch.timestamp(i)).append('=')
                .append(batch.text(i) != null ? batch.text(i) : Double.longBitsToDouble(batch.valueBits(i))).append(' ');
        }
        return text.toString();
    }

    private static String expected(long sequence, int b) {
        WriteBatch batch = batch(b);
        StringBuilder text = new StringBuilder().append(sequence).append(':');
        for (int i = 0; i < batch.size(); i++) {
            text.append(batch.path(i)).append('@').append(batch.timestamp(i)).append('=')
                .append(batch.stringValue(i) != null ? batch.stringValue(i) : Double.longBitsToDouble(batch.valueBits(i)))
                .append(' ');
        }
        return text.toString();
    }

    @Test
    void readsEveryBatchInOrderAcrossSessionsCyclesAndCompactions() throws IOException {
        List<String> want = new ArrayList<>();
        int b = 0;
        for (int session = 0; session < 3; session++) {
            try (StorageEngine engine = StorageEngine.open(dir, options())) {
                engine.retainChanges(() -> -1, Long.MAX_VALUE, (first, through, min, max) -> { });   // nothing consumed: keep it all
                for (int i = 0; i < 5; i++, b++) {
                    engine.write(batch(b));
                    want.add(expected(engine.lastSequence(), b));
                    clock.addAndGet(7 * MINUTE_MS);   // a new roll cycle every other batch
                    if (i % 2 == 1) {
                        engine.compactNow();
                    }
                }
            }
        }
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            engine.retainChanges(() -> -1, Long.MAX_VALUE, (first, through, min, max) -> { });
            List<String> got = new ArrayList<>();
            try (ChangeFeed feed = engine.changesAfter(-1)) {
                assertEquals(15, feed.poll((sequence, batch) -> got.add(describe(sequence, batch))));
                for (int i = 0; i < 4; i++, b++) {   // the live session, read as it is written
                    engine.write(batch(b));
                    want.add(expected(engine.lastSequence(), b));
                    clock.addAndGet(7 * MINUTE_MS);
                    engine.compactNow();
                    assertEquals(1, feed.poll((sequence, batch) -> got.add(describe(sequence, batch))));
                }
                assertEquals(0, feed.poll((sequence, batch) -> got.add(describe(sequence, batch))));
                assertEquals(engine.lastSequence(), feed.position());
            }
            assertEquals(want, got);
            List<String> later = new ArrayList<>();
            try (ChangeFeed feed = engine.changesAfter(10)) {
                feed.poll((sequence, batch) -> later.add(describe(sequence, batch)));
            }
            assertEquals(want.subList(11, want.size()), later, "a feed that starts after sequence 10");
        }
    }

    @Test
    void aFailingHandlerGetsTheSameBatchAgain() throws IOException {
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            for (int b = 0; b < 4; b++) {
                engine.write(batch(b));
            }
            try (ChangeFeed feed = engine.changesAfter(-1)) {
                List<Long> got = new ArrayList<>();
                assertThrows(IOException.class, () -> feed.poll((sequence, batch) -> {
                    if (sequence == 2) {
                        throw new IOException("central unreachable");
                    }
                    got.add(sequence);
                }));
                assertEquals(1, feed.position());
                feed.poll((sequence, batch) -> got.add(sequence));
                assertEquals(List.of(0L, 1L, 2L, 3L), got);
            }
        }
    }

    @Test
    void keepsWhatIsNotConsumedAndDropsTheOldestPastTheCap() throws IOException {
        AtomicLong consumed = new AtomicLong(-1);
        try (StorageEngine engine = StorageEngine.open(dir, options())) {
            engine.retainChanges(consumed::get, Long.MAX_VALUE, (first, through, min, max) -> { });
            for (int b = 0; b < 6; b++) {
                engine.write(batch(b));
                clock.addAndGet(7 * MINUTE_MS);
                engine.compactNow();
            }
            try (ChangeFeed feed = engine.changesAfter(-1)) {
                List<Long> got = new ArrayList<>();
                feed.poll((sequence, batch) -> got.add(sequence));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), got, "compacted but kept for the feed");
            }
            consumed.set(2);
            List<long[]> dropped = new ArrayList<>();
            // a cap of nothing: only the file being appended to stays
            engine.retainChanges(consumed::get, 0, (first, through, min, max) -> dropped.add(new long[] {through, min, max, first}));
            engine.write(batch(6));
            clock.addAndGet(7 * MINUTE_MS);
            engine.compactNow();
            try (ChangeFeed feed = engine.changesAfter(2)) {
                List<Long> got = new ArrayList<>();
                feed.poll((sequence, batch) -> got.add(sequence));
                assertTrue(!got.isEmpty() && got.get(0) > 3, "the jump shows what was dropped: " + got);
                assertEquals(6L, got.get(got.size() - 1));
                // each dropped unconsumed file was announced with its last sequence and time span
                assertEquals(got.get(0) - 1, dropped.stream().mapToLong(d -> d[0]).max().orElse(-1));
                for (long[] d : dropped) {
                    assertEquals(d[0], d[3], "one batch per file here: first and last batch are one");
                    int b = (int) d[0];   // batch b's timestamps
                    assertEquals(b * 10L * 1_000_000L, d[1]);
                    assertEquals((b * 10L + b % 3) * 1_000_000L, d[2]);
                }
            }
        }
    }

    @Test
    void onlyBatchesOnDiskAreRead() throws IOException {
        StorageOptions interval = StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get)
            .fsyncPolicy(io.unshistorian.storage.wal.FsyncPolicy.INTERVAL).fsyncInterval(Duration.ofHours(1)).build();
        try (StorageEngine engine = StorageEngine.open(dir, interval)) {
            engine.write(batch(0));
            try (ChangeFeed feed = engine.changesAfter(-1)) {
                assertEquals(0, feed.poll((sequence, batch) -> { }), "accepted, not yet forced to disk: a power "
                    + "failure could take it back, and its sequence be given to another batch");
            }
        }
        try (StorageEngine engine = StorageEngine.open(dir, interval); ChangeFeed feed = engine.changesAfter(-1)) {
            assertEquals(1, feed.poll((sequence, batch) -> { }), "closing synced it; now in an earlier session's file");
        }
    }
}
