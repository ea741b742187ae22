package io.unshistorian.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.query.QueryEngine;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.ChangeFeed;
import io.unshistorian.storage.DroppedChanges;
import io.unshistorian.storage.PartitionInfo;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageHealth;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.StorageProblem;
import io.unshistorian.storage.StorageStatus;
import io.unshistorian.storage.catalog.NamespaceIndex;
import io.unshistorian.storage.read.SampleVisitor;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.write.WritesRefusedException;

/**
 * UNS Historian embedded in an application: open a data directory, write samples, query them,
 * browse the namespace, close. Thread-safe; any number of writer and reader threads. Brings no
 * gRPC, Netty, Arrow or MQTT client onto the classpath.
 *
 * <pre>{@code
 * try (Historian historian = Historian.open(Path.of("historian-data"))) {
 *     historian.write(new WriteBatch()
 *         .addDouble("acme/dallas/packaging/line4/filler/temperature", nowNanos, 71.3)
 *         .addString("acme/dallas/packaging/line4/filler/state", nowNanos, "RUNNING"));
 *     List<Sample> lastHour = historian.readRaw("acme/dallas/packaging/line4/filler/temperature",
 *         nowNanos - 3_600_000_000_000L, nowNanos + 1);
 * }
 * }</pre>
 *
 * The types this API hands out and takes in are listed in {@code package-info.java} of this
 * package; the JVM running it needs the flags listed in the README (Agrona and Chronicle Queue
 * reach into JDK internals).
 */
public final class Historian implements AutoCloseable {
    private final StorageEngine engine;
    private final QueryEngine queries;
    private final ThreadLocal<WriteBatch> singleSamples = ThreadLocal.withInitial(() -> new WriteBatch(1));

    private Historian(StorageEngine engine) {
        this.engine = engine;
        this.queries = new QueryEngine(engine);
    }

    /** Opens (creating when needed) a historian on {@code directory} with default options. */
    public static Historian open(Path directory) throws IOException {
        return open(directory, StorageOptions.defaults());
    }

    /** Opens (creating when needed) a historian on {@code directory}; every option is in {@link StorageOptions}. */
    public static Historian open(Path directory, StorageOptions options) throws IOException {
        return new Historian(StorageEngine.open(directory, options));
    }

    /**
     * Queries over selections of series: raw ranges with paging, bucket aggregates (TWA included),
     * interpolated values, latest values and plot values.
     */
    public QueryEngine query() {
        return queries;
    }

    /**
     * Writes a batch: accepted whole (durable and visible when this returns) or rejected whole.
     *
     * @throws BatchRejectedException naming the first bad sample (index, path, reason) and the kind
     *     of refusal ({@link BatchRejectedException#kind()}: fix the data, split the batch, or retry later)
     * @throws WritesRefusedException when writes are refused after a failed fsync (see {@link #health()})
     */
    public void write(WriteBatch batch) throws IOException {
        engine.write(batch);
    }

    public void writeDouble(String path, long timestampNanos, double value) throws IOException {
        writeSingle(singleSamples.get().addDouble(path, timestampNanos, value, Quality.GOOD));
    }

    public void writeLong(String path, long timestampNanos, long value) throws IOException {
        writeSingle(singleSamples.get().addLong(path, timestampNanos, value, Quality.GOOD));
    }

    public void writeBoolean(String path, long timestampNanos, boolean value) throws IOException {
        writeSingle(singleSamples.get().addBoolean(path, timestampNanos, value, Quality.GOOD));
    }

    public void writeString(String path, long timestampNanos, String value) throws IOException {
        writeSingle(singleSamples.get().addString(path, timestampNanos, value, Quality.GOOD));
    }

    private void writeSingle(WriteBatch batch) throws IOException {
        try {
            engine.write(batch);
        } finally {
            batch.clear();
        }
    }

    /**
     * The samples of one series in {@code [startNanos, endNanos)}, in time order, the last write of
     * each timestamp only. Empty when no series has that path. Materializes the range: for long
     * ranges use {@link #readRaw(String, long, long, SampleVisitor)}.
     */
    public List<Sample> readRaw(String path, long startNanos, long endNanos) {
        Series series = engine.find(path);
        List<Sample> samples = new ArrayList<>();
        if (series != null) {
            engine.read(series, startNanos, endNanos,
                (t, v, q, s) -> samples.add(new Sample(t, series.type(), v, s, q)));
        }
        return samples;
    }

    /** Streams the samples of one series in {@code [startNanos, endNanos)}; false when no such series. */
    public boolean readRaw(String path, long startNanos, long endNanos, SampleVisitor visitor) {
        return engine.read(path, startNanos, endNanos, visitor);
    }

    /** The series at {@code path}, if any. */
    public Optional<Series> series(String path) {
        return Optional.ofNullable(engine.find(path));
    }

    /**
     * The series matching an MQTT-style filter ({@code +} one level, {@code #} the rest), in path order.
     *
     * @throws IllegalArgumentException for a malformed filter, naming the problem
     */
    public List<Series> find(String filter) {
        return queries.select(Selection.of(filter));
    }

    /** The children of a namespace node ({@code ""} for the root), in segment order. */
    public List<NamespaceNode> browse(String path) {
        String parent = path == null ? "" : path;
        List<NamespaceIndex.Child> children = engine.children(parent);
        List<NamespaceNode> nodes = new ArrayList<>(children.size());
        for (NamespaceIndex.Child child : children) {
            nodes.add(new NamespaceNode(child.segment(), parent.isEmpty() ? child.segment() : parent + "/" + child.segment(),
                child.seriesId() >= 0, child.hasChildren()));
        }
        return nodes;
    }

    /** Replaces the metadata of the series at {@code path}, durably. */
    public Series setMetadata(String path, SeriesMetadata metadata) throws IOException {
        return engine.setMetadata(path, metadata);
    }

    /**
     * Moves everything written so far from memory into compressed block files now, merges and
     * applies retention (the background compactor does this on its own; call it before a backup or
     * a benchmark that measures files).
     */
    public void compactNow() throws IOException {
        engine.compactNow();
    }

    /**
     * As {@link #compactNow()}, then merges as if every partition had gone cold (ended 32-day windows
     * into one file each, the entropy stage applied) without waiting for the cold-merge delay: call it
     * after loading history in bulk.
     */
    public void settle() throws IOException {
        engine.settle();
    }

    /**
     * The time partitions in block files, oldest first, each with the highest generation of its
     * files: a partition whose generation changed holds other data than before (for incremental export).
     */
    public List<PartitionInfo> partitions() {
        return engine.partitions();
    }

    /** The sequence of the last accepted batch (batches are numbered 0, 1, 2, … as accepted), -1 when none. */
    public long lastSequence() {
        return engine.lastSequence();
    }

    /**
     * A reader of the batches accepted after sequence {@code afterSequence}, read back from the
     * write-ahead log in order while writes go on: what a forwarder or a change-data-capture consumer
     * reads. For one thread; close it before the historian. See {@link #retainChanges}.
     */
    public ChangeFeed changesAfter(long afterSequence) throws IOException {
        return engine.changesAfter(afterSequence);
    }

    /**
     * Keeps the write-ahead log's files of batches after {@code consumedThrough} (asked at every
     * compaction) while they take at most {@code maxBytes}, so a change feed that fell behind (a
     * forwarder during an outage) still finds them; past the cap the oldest go, and {@code dropped}
     * is told their time span first (their samples are in block files). {@code null} stops keeping them.
     */
    public void retainChanges(LongSupplier consumedThrough, long maxBytes, DroppedChanges dropped) {
        engine.retainChanges(consumedThrough, maxBytes, dropped);
    }

    /** Whether the historian can do its job now: healthy, degraded, or refusing writes (and why). */
    public StorageHealth health() {
        return engine.health();
    }

    /** Series, block files and bytes, head memory, problems, compaction work and health, as of now. */
    public StorageStatus status() {
        return engine.status();
    }

    /**
     * Data found unreadable since open (file, offset, reason); it is left out of reads, and a query
     * that touches it ends with a {@code DataDamagedException} after the readable results.
     */
    public List<StorageProblem> problems() {
        return engine.problems();
    }

    /**
     * Repairs what can be repaired and quarantines what cannot ({@code <data>/quarantine/}), deleting
     * nothing; see {@code StorageEngine.repair()}. Run it with no writers.
     *
     * @return one line per action taken
     */
    public List<String> repair() throws IOException {
        return engine.repair();
    }

    /** The data directory. */
    public Path directory() {
        return engine.directory();
    }

    /** Stops the background work, moves the head into block files (unless configured otherwise) and releases every file. */
    @Override
    public void close() throws IOException {
        engine.close();
    }
}
