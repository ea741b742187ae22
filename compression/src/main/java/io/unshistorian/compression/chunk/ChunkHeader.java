package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.*;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Reads the header fields of a chunk in place, without decoding its columns: what an aggregate needs
 * to answer from statistics alone. Wrap it over a chunk that {@link ChunkDecoder#verify} accepted.
 */
public final class ChunkHeader {
    private DirectBuffer buffer;
    private int offset;

    public ChunkHeader wrap(DirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public int version() {
        return buffer.getByte(offset + VERSION_OFFSET);
    }

    /** The value type, or {@code null} for a code this version does not know. */
    public ValueType valueType() {
        return ValueType.fromCode(valueTypeCode());
    }

    /** The raw value type code, as stored. */
    public int valueTypeCode() {
        return buffer.getByte(offset + VALUE_TYPE_OFFSET) & 0xFF;
    }

    /** Total chunk length in bytes, checksum included. */
    public int length() {
        return buffer.getInt(offset + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int count() {
        return buffer.getInt(offset + COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** Samples with Good quality and, for DOUBLE, a value that is not NaN: what the statistics cover. */
    public int aggregatableCount() {
        return buffer.getInt(offset + AGGREGATABLE_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long minTime() {
        return buffer.getLong(offset + MIN_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long maxTime() {
        return buffer.getLong(offset + MAX_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /** Minimum as a 64-bit pattern typed like the value column. */
    public long minBits() {
        return buffer.getLong(offset + MIN_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long maxBits() {
        return buffer.getLong(offset + MAX_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public double sum() {
        return buffer.getDouble(offset + SUM_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long firstBits() {
        return buffer.getLong(offset + FIRST_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public long lastBits() {
        return buffer.getLong(offset + LAST_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int timestampCodec() {
        return buffer.getByte(offset + TIMESTAMP_CODEC_OFFSET) & 0xFF;
    }

    public int valueCodec() {
        return buffer.getByte(offset + VALUE_CODEC_OFFSET) & 0xFF;
    }

    public int qualityCodec() {
        return buffer.getByte(offset + QUALITY_CODEC_OFFSET) & 0xFF;
    }

    public int timestampLength() {
        return buffer.getInt(offset + TIMESTAMP_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int valueLength() {
        return buffer.getInt(offset + VALUE_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    public int qualityLength() {
        return buffer.getInt(offset + QUALITY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}
