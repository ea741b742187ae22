package io.unshistorian.forward;

import java.util.LinkedHashMap;
import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.storage.ChangeFeed;
import io.unshistorian.storage.series.Series;

/**
 * The next Write batch being filled from edge batches: samples grouped by series under their central
 * path, the edge sequence range it covers, and per edge path what it carries (for the ledger).
 */
final class OutgoingBatch {
    /** What one series has in this batch, by its edge path. */
    record SeriesPart(String edgePath, long samples, long firstNanos, long lastNanos) {
    }

    private final Map<Integer, SeriesSamples.Builder> bySeries = new LinkedHashMap<>();
    private final Map<Integer, long[]> stats = new LinkedHashMap<>();
    private final Map<Integer, String> edgePaths = new LinkedHashMap<>();
    private long firstSequence = -1;
    private long lastSequence = -1;
    private int samples;

    boolean isEmpty() {
        return lastSequence < 0;
    }

    int samples() {
        return samples;
    }

    long firstSequence() {
        return firstSequence;
    }

    long lastSequence() {
        return lastSequence;
    }

    /** Marks edge batch {@code sequence} as carried (even when none of its samples is forwarded). */
    void cover(long sequence) {
        if (firstSequence < 0) {
            firstSequence = sequence;
        }
        lastSequence = sequence;
    }

    /** Adds sample {@code i} of an edge batch under {@code centralPath}. */
    void add(Series series, String centralPath, ChangeFeed.Batch batch, int i) {
        SeriesSamples.Builder builder = bySeries.computeIfAbsent(series.id(), id -> SeriesSamples.newBuilder()
            .setPath(centralPath).setType(wireType(series.type())));
        long time = batch.timestamp(i);
        builder.addTimestampsNs(time);
        switch (series.type()) {
            case DOUBLE -> builder.addDoubleValues(Double.longBitsToDouble(batch.valueBits(i)));
            case LONG -> builder.addLongValues(batch.valueBits(i));
            case BOOLEAN -> builder.addBoolValues(batch.valueBits(i) != 0);
            case STRING -> builder.addStringValues(batch.text(i));
            default -> throw new IllegalStateException("no wire type for " + series.type());
        }
        builder.addQualities(batch.quality(i));
        long[] stat = stats.computeIfAbsent(series.id(), id -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
        stat[0]++;
        stat[1] = Math.min(stat[1], time);
        stat[2] = Math.max(stat[2], time);
        edgePaths.putIfAbsent(series.id(), series.path());
        samples++;
    }

    private static io.unshistorian.grpc.v1.ValueType wireType(ValueType type) {
        return switch (type) {
            case DOUBLE -> io.unshistorian.grpc.v1.ValueType.DOUBLE;
            case LONG -> io.unshistorian.grpc.v1.ValueType.LONG;
            case BOOLEAN -> io.unshistorian.grpc.v1.ValueType.BOOLEAN;
            case STRING -> io.unshistorian.grpc.v1.ValueType.STRING;
        };
    }

    /** The Write request, stamped with the origin and the last edge sequence it carries. */
    WriteBatch build(long batchId, String origin) {
        WriteBatch.Builder request = WriteBatch.newBuilder().setBatchId(batchId).setOrigin(origin)
            .setOriginSequence(lastSequence);
        for (SeriesSamples.Builder series : bySeries.values()) {
            request.addSeries(series);
        }
        return request.build();
    }

    /** What each series carries, by edge path. */
    java.util.List<SeriesPart> parts() {
        java.util.List<SeriesPart> parts = new java.util.ArrayList<>(stats.size());
        stats.forEach((id, stat) -> parts.add(new SeriesPart(edgePaths.get(id), stat[0], stat[1], stat[2])));
        return parts;
    }

    void clear() {
        bySeries.clear();
        stats.clear();
        edgePaths.clear();
        firstSequence = -1;
        lastSequence = -1;
        samples = 0;
    }
}
