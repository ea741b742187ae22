package io.unshistorian.embedded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.query.QueryEngine;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.StorageProblem;
import io.unshistorian.storage.catalog.NamespaceIndex;
import io.unshistorian.storage.read.SampleVisitor;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

import org.roaringbitmap.RoaringBitmap;

/**
 * UNS Historian embedded in an application: open a data directory, write samples, read them back,
 * close. Thread-safe; any number of writer and reader threads. Needs no gRPC, Netty or Arrow.
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
 * The JVM running it needs the flags listed in the README (Agrona and Chronicle Queue reach into
 * JDK internals).
 */
public final class Historian implements AutoCloseable {
    private final StorageEngine engine;
    private final QueryEngine queries;
    private final ThreadLocal<WriteBatch> singleSamples = ThreadLocal.withInitial(() -> new WriteBatch(1));

    private Historian(StorageEngine engine) {
        this.engine = engine;
        this.queries = new QueryEngine(engine);
    }

    /**
     * Queries over selections of series: raw ranges with paging, bucket aggregates (TWA included),
     * interpolated values, latest values and plot values.
     */
    public QueryEngine query() {
        return queries;
    }

    /** Opens (creating when needed) a historian on {@code directory} with default options. */
    public static Historian open(Path directory) throws IOException {
        return open(directory, StorageOptions.defaults());
    }

    public static Historian open(Path directory, StorageOptions options) throws IOException {
        return new Historian(StorageEngine.open(directory, options));
    }

    /**
     * Writes a batch: accepted whole (durable and visible when this returns) or rejected whole.
     *
     * @throws BatchRejectedException naming the first bad sample (index, path, reason)
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
        Series series = engine.catalog().find(path);
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
        return Optional.ofNullable(engine.catalog().find(path));
    }

    /** The series matching an MQTT-style filter ({@code +} one level, {@code #} the rest). */
    public List<Series> find(String filter) {
        RoaringBitmap ids = engine.catalog().index().match(filter);
        List<Series> result = new ArrayList<>(ids.getCardinality());
        for (int id : ids) {
            result.add(engine.catalog().get(id));
        }
        return result;
    }

    /** The children of a namespace node ({@code ""} for the root). */
    public List<NamespaceIndex.Child> browse(String path) {
        return engine.catalog().index().children(path);
    }

    public Series setMetadata(String path, SeriesMetadata metadata) throws IOException {
        return engine.setMetadata(path, metadata);
    }

    /** Data found unreadable since open (file, offset, reason); it is left out of reads. */
    public List<StorageProblem> problems() {
        return engine.problems();
    }

    /** The storage engine underneath, for tools and tests. */
    public StorageEngine engine() {
        return engine;
    }

    @Override
    public void close() throws IOException {
        engine.close();
    }
}
