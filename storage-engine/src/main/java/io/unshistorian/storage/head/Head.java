package io.unshistorian.storage.head;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.compression.chunk.ValueType;

/**
 * One generation of recent samples: a {@link SeriesBuffer} per series id written since the
 * generation started. The engine writes into the active head; compaction seals it (no more
 * writes), turns it into block files, then drops it. Its byte count drives compaction and
 * back-pressure.
 */
public final class Head {
    private final int[] capacityHints;
    private volatile SeriesBuffer[] buffers;
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastSequence = -1;
    private volatile long sampleCount;

    public Head() {
        this(null);
    }

    /**
     * A head that sizes each series' buffer by what {@code previous} held of it, so a steady
     * stream fills buffers that never have to grow. Only sizes are read from {@code previous}.
     */
    public Head(Head previous) {
        int capacity = previous == null ? 256 : previous.seriesCapacity();
        this.buffers = new SeriesBuffer[capacity];
        this.capacityHints = new int[previous == null ? 0 : capacity];
        for (int id = 0; id < capacityHints.length; id++) {
            SeriesBuffer before = previous.buffer(id);
            capacityHints[id] = before == null ? 0 : before.size() + (before.size() >> 3);
        }
    }

    /** Appends one sample; the caller holds the engine's write lock. */
    public void append(int seriesId, ValueType type, long timestamp, long value, int quality, String text) {
        SeriesBuffer[] table = buffers;
        if (seriesId >= table.length) {
            table = Arrays.copyOf(table, Math.max(seriesId + 1, table.length * 2));
            buffers = table;
        }
        SeriesBuffer buffer = table[seriesId];
        if (buffer == null) {
            int hint = seriesId < capacityHints.length ? capacityHints[seriesId] : 0;
            buffer = new SeriesBuffer(seriesId, type, hint);
            bytes.addAndGet(buffer.bytes());
            table[seriesId] = buffer;
            buffers = table;
        }
        long added = buffer.append(timestamp, value, quality, text);
        if (added != 0) {
            bytes.addAndGet(added);
        }
    }

    /** Records the WAL sequence of the last batch applied; the caller holds the write lock. */
    public void applied(long sequence, int samples) {
        lastSequence = sequence;
        sampleCount += samples;
    }

    /**
     * Bytes the samples themselves take (without the spare capacity of the buffers): what decides
     * when to compact, so a head whose buffers were sized from the previous one is sealed about when
     * they fill, before they grow.
     */
    public long sampleBytes() {
        return sampleCount * SeriesBuffer.BYTES_PER_SAMPLE;
    }

    /** Samples applied to this head. */
    public long samples() {
        return sampleCount;
    }

    /** The buffer of a series, or null when this head has nothing of it. */
    public SeriesBuffer buffer(int seriesId) {
        SeriesBuffer[] table = buffers;
        return seriesId >= 0 && seriesId < table.length ? table[seriesId] : null;
    }

    /** Highest series id this head may hold, plus one. */
    public int seriesCapacity() {
        return buffers.length;
    }

    /** Memory held, buffer capacity included: what the head memory limit bounds. */
    public long bytes() {
        return bytes.get();
    }

    /** WAL sequence of the last batch in this head, -1 when none. */
    public long lastSequence() {
        return lastSequence;
    }

    public boolean isEmpty() {
        return sampleCount == 0;
    }
}
