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
    private volatile SeriesBuffer[] buffers = new SeriesBuffer[256];
    private final AtomicLong bytes = new AtomicLong();
    private volatile long lastWalIndex = -1;
    private volatile long sampleCount;

    /** Appends one sample; the caller holds the engine's write lock. */
    public void append(int seriesId, ValueType type, long timestamp, long value, int quality, String text) {
        SeriesBuffer[] table = buffers;
        if (seriesId >= table.length) {
            table = Arrays.copyOf(table, Math.max(seriesId + 1, table.length * 2));
            buffers = table;
        }
        SeriesBuffer buffer = table[seriesId];
        if (buffer == null) {
            buffer = new SeriesBuffer(seriesId, type);
            bytes.addAndGet(buffer.bytes());
            table[seriesId] = buffer;
            buffers = table;
        }
        long added = buffer.append(timestamp, value, quality, text);
        if (added != 0) {
            bytes.addAndGet(added);
        }
    }

    /** Records the WAL index of the last batch applied; the caller holds the write lock. */
    public void applied(long walIndex, int samples) {
        lastWalIndex = walIndex;
        sampleCount += samples;
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

    public long bytes() {
        return bytes.get();
    }

    public long sampleCount() {
        return sampleCount;
    }

    /** WAL index of the last batch in this head, -1 when none. */
    public long lastWalIndex() {
        return lastWalIndex;
    }

    public boolean isEmpty() {
        return sampleCount == 0;
    }
}
