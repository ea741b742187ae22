package io.unshistorian.forward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.storage.ChangeFeed;
import io.unshistorian.storage.series.Series;

/**
 * The next Write batch being filled from edge batches: samples grouped by series under their central
 * path, an estimate of its size on the wire, and per series what it carries (for the ledger). Series
 * are found by their edge id in an array, not a map: this is the forwarder's per-sample path.
 */
final class OutgoingBatch {
    /** What one series has in this batch. */
    static final class Part {
        final String edgePath;
        final SeriesSamples.Builder samples;
        long count;
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;

        Part(String edgePath, SeriesSamples.Builder samples) {
            this.edgePath = edgePath;
            this.samples = samples;
        }
    }

    /** Wire bytes of a sample without its value, at most: timestamp varint, quality varint, their tags' share. */
    private static final int SAMPLE_BYTES = 10 + 5;

    private Part[] bySeriesId = new Part[1024];
    private final List<Part> parts = new ArrayList<>();
    private final List<Integer> ids = new ArrayList<>();
    private int samples;
    private long bytes;

    boolean isEmpty() {
        return samples == 0;
    }

    int samples() {
        return samples;
    }

    /** The request's size on the wire, estimated from above. */
    long bytes() {
        return bytes;
    }

    /** The most one sample can add to {@link #bytes}, its series' entry included. */
    static long maxSampleBytes(String centralPath, String text) {
        return seriesBytes(centralPath) + sampleBytes(text);
    }

    private static long seriesBytes(String centralPath) {
        return 16 + 3L * centralPath.length();   // UTF-8 takes at most 3 bytes per char
    }

    private static long sampleBytes(String text) {
        return SAMPLE_BYTES + 10 + (text == null ? 0 : 5 + 3L * text.length());
    }

    /** Adds sample {@code i} of an edge batch under {@code centralPath}. */
    void add(Series series, String centralPath, ChangeFeed.Batch batch, int i) {
        add(series, centralPath, batch.timestamp(i), batch.valueBits(i), batch.quality(i), batch.text(i));
    }

    /** Adds one sample of {@code series} under {@code centralPath}; {@code text} for STRING series only. */
    void add(Series series, String centralPath, long time, long valueBits, int quality, String text) {
        int id = series.id();
        if (id >= bySeriesId.length) {
            bySeriesId = Arrays.copyOf(bySeriesId, Math.max(id + 1, bySeriesId.length * 2));
        }
        Part part = bySeriesId[id];
        if (part == null) {
            part = new Part(series.path(), SeriesSamples.newBuilder().setPath(centralPath)
                .setType(wireType(series.type())));
            bySeriesId[id] = part;
            parts.add(part);
            ids.add(id);
            bytes += seriesBytes(centralPath);
        }
        part.samples.addTimestampsNs(time);
        switch (series.type()) {
            case DOUBLE -> part.samples.addDoubleValues(Double.longBitsToDouble(valueBits));
            case LONG -> part.samples.addLongValues(valueBits);
            case BOOLEAN -> part.samples.addBoolValues(valueBits != 0);
            case STRING -> part.samples.addStringValues(text);
            default -> throw new IllegalStateException("no wire type for " + series.type());
        }
        part.samples.addQualities(quality);
        part.count++;
        part.firstNanos = Math.min(part.firstNanos, time);
        part.lastNanos = Math.max(part.lastNanos, time);
        samples++;
        bytes += sampleBytes(text);
    }

    private static io.unshistorian.grpc.v1.ValueType wireType(ValueType type) {
        return switch (type) {
            case DOUBLE -> io.unshistorian.grpc.v1.ValueType.DOUBLE;
            case LONG -> io.unshistorian.grpc.v1.ValueType.LONG;
            case BOOLEAN -> io.unshistorian.grpc.v1.ValueType.BOOLEAN;
            case STRING -> io.unshistorian.grpc.v1.ValueType.STRING;
        };
    }

    /** The Write request, stamped with the origin and its origin sequence. */
    WriteBatch build(long batchId, String origin, long originSequence) {
        WriteBatch.Builder request = WriteBatch.newBuilder().setBatchId(batchId).setOrigin(origin)
            .setOriginSequence(originSequence);
        for (Part part : parts) {
            request.addSeries(part.samples);
        }
        return request.build();
    }

    /** What each series carries (handed over: {@link #clear} starts new ones). */
    List<Part> parts() {
        return List.copyOf(parts);
    }

    void clear() {
        for (int id : ids) {
            bySeriesId[id] = null;
        }
        ids.clear();
        parts.clear();
        samples = 0;
        bytes = 0;
    }
}
