package io.unshistorian.benchmarks.peers;

import java.nio.file.Path;

import io.unshistorian.embedded.Historian;
import io.unshistorian.query.AggregateRequest;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.WriteBatch;

/** UNS Historian embedded: batches through the write API, queries through the query engine. */
final class OursPeer implements Peer {
    private static final long MS = 1_000_000L;
    private final Path directory;
    private final Historian historian;
    private final WriteBatch batch = new WriteBatch(BATCH);
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(
        System.currentTimeMillis());

    OursPeer(Path directory) throws Exception {
        this.directory = directory;
        this.historian = Historian.open(directory, StorageOptions.builder().fsyncPolicy(FsyncPolicy.NONE)
            .clockMillis(clock::get).build());
    }

    @Override
    public String name() {
        return "UNS Historian";
    }

    @Override
    public void row(String series, long timestampMs, double value) throws Exception {
        batch.addDouble(series, timestampMs * MS, value);
        if (batch.size() == BATCH) {
            historian.write(batch);
            batch.clear();
        }
    }

    @Override
    public void finishIngest() throws Exception {
        historian.write(batch);
        batch.clear();
    }

    /**
     * Our background work: flush the head, then (as the engine does once a partition has had no
     * writes for the cold-merge delay, 10 minutes by default) merge each partition whole.
     */
    @Override
    public void settle() throws Exception {
        historian.compactNow();
        clock.addAndGet(java.time.Duration.ofMinutes(11).toMillis());
        historian.compactNow();
    }

    @Override
    public long diskBytes() throws Exception {
        return PeerHarness.directoryBytes(directory.resolve("blocks")) + PeerHarness.directoryBytes(
            directory.resolve("catalog.log"));
    }

    @Override
    public long rawScan(String series, long startMs, long endMs) {
        long[] count = {0};
        historian.readRaw(series, startMs * MS, endMs * MS, (t, v, q, s) -> count[0]++);
        return count[0];
    }

    @Override
    public long hourlyMinMaxAvg(String series, long startMs, long endMs) {
        long[] buckets = {0};
        historian.query().aggregate(Selection.of(series), AggregateRequest.of(startMs * MS, endMs * MS,
            3_600_000L * MS), row -> buckets[0]++);
        return buckets[0];
    }

    @Override
    public long singleGroupBy(String series, long startMs) {
        long[] buckets = {0};
        historian.query().aggregate(Selection.of(series), AggregateRequest.of(startMs * MS,
            (startMs + 3_600_000L) * MS, 60_000L * MS), row -> buckets[0]++);
        return buckets[0];
    }

    @Override
    public long latestAll() {
        return historian.query().latest(Selection.of("#")).size();
    }

    @Override
    public void close() throws Exception {
        historian.close();
    }
}
