package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.*;

import java.nio.ByteOrder;

import io.unshistorian.compression.codec.ByteCursor;
import io.unshistorian.compression.codec.CorruptColumnException;
import io.unshistorian.compression.codec.Varints;

import org.agrona.DirectBuffer;

/**
 * The header fields of a chunk of either version, without decoding its columns: what an aggregate
 * needs to answer from statistics alone. {@link ChunkDecoder#verify} returns one that it has checked
 * and parsed; version 2's varint fields are read once there, so the accessors are plain field reads.
 */
public final class ChunkHeader {
    private final ByteCursor cursor = new ByteCursor();
    private int version;
    private int typeCode;
    private int length;
    private int count;
    private int aggregatableCount;
    private boolean statistics;
    private long minTime;
    private long maxTime;
    private long minBits;
    private long maxBits;
    private double sum;
    private long firstBits;
    private long lastBits;
    private int timestampCodec;
    private int valueCodec;
    private int qualityCodec;
    private int columnsOffset;
    private int timestampLength;
    private int valueLength;
    private int qualityLength;

    /**
     * Reads the header of a chunk known to be whole (one {@link ChunkDecoder#verify} accepted, or just
     * encoded), without checking it again.
     */
    public ChunkHeader wrap(DirectBuffer buffer, int offset) {
        wrapPrefix(buffer, offset);
        parse(buffer, offset);
        return this;
    }

    /** Reads the fixed prefix (version, type, length) of the chunk at {@code offset}. */
    ChunkHeader wrapPrefix(DirectBuffer buffer, int offset) {
        version = buffer.getByte(offset + VERSION_OFFSET);
        int typeByte = buffer.getByte(offset + VALUE_TYPE_OFFSET) & 0xFF;
        typeCode = version == VERSION_1 ? typeByte : typeByte & VALUE_TYPE_MASK;
        statistics = version != VERSION_1 && (typeByte & STATISTICS_FLAG) != 0;
        length = buffer.getInt(offset + LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        return this;
    }

    /** Parses the rest of a header whose prefix was read and whose checksum matched. */
    void parse(DirectBuffer buffer, int offset) {
        if (version == VERSION_1) {
            parseVersion1(buffer, offset);
        } else {
            parseVersion2(buffer, offset);
        }
    }

    private void parseVersion1(DirectBuffer buffer, int offset) {
        count = buffer.getInt(offset + COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        aggregatableCount = buffer.getInt(offset + AGGREGATABLE_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        statistics = count > 0 && aggregatableCount == count;
        minTime = buffer.getLong(offset + MIN_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
        maxTime = buffer.getLong(offset + MAX_TIME_OFFSET, ByteOrder.LITTLE_ENDIAN);
        minBits = buffer.getLong(offset + MIN_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        maxBits = buffer.getLong(offset + MAX_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        sum = buffer.getDouble(offset + SUM_OFFSET, ByteOrder.LITTLE_ENDIAN);
        firstBits = buffer.getLong(offset + FIRST_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        lastBits = buffer.getLong(offset + LAST_VALUE_OFFSET, ByteOrder.LITTLE_ENDIAN);
        timestampCodec = buffer.getByte(offset + TIMESTAMP_CODEC_OFFSET) & 0xFF;
        valueCodec = buffer.getByte(offset + VALUE_CODEC_OFFSET) & 0xFF;
        qualityCodec = buffer.getByte(offset + QUALITY_CODEC_OFFSET) & 0xFF;
        timestampLength = buffer.getInt(offset + TIMESTAMP_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        valueLength = buffer.getInt(offset + VALUE_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        qualityLength = buffer.getInt(offset + QUALITY_LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
        columnsOffset = offset + HEADER_LENGTH;
    }

    private void parseVersion2(DirectBuffer buffer, int offset) {
        int end = offset + length - CHECKSUM_LENGTH;
        ByteCursor in = cursor.wrap(buffer, offset + FIXED_PREFIX_LENGTH, end - offset - FIXED_PREFIX_LENGTH,
            "chunk header");
        count = toInt(in.readUnsignedVarint(), "sample count");
        minTime = Varints.unzigzag(in.readUnsignedVarint());
        maxTime = minTime + in.readUnsignedVarint();
        if (statistics) {
            if (in.remaining() < STATISTICS_LENGTH) {
                throw new CorruptColumnException("chunk header: statistics overrun the chunk");
            }
            int at = in.position();
            minBits = buffer.getLong(at, ByteOrder.LITTLE_ENDIAN);
            maxBits = buffer.getLong(at + 8, ByteOrder.LITTLE_ENDIAN);
            sum = buffer.getDouble(at + 16, ByteOrder.LITTLE_ENDIAN);
            firstBits = buffer.getLong(at + 24, ByteOrder.LITTLE_ENDIAN);
            lastBits = buffer.getLong(at + 32, ByteOrder.LITTLE_ENDIAN);
            in.skip(STATISTICS_LENGTH);
            aggregatableCount = count;
        } else {
            minBits = 0;
            maxBits = 0;
            sum = 0;
            firstBits = 0;
            lastBits = 0;
            aggregatableCount = -1;
        }
        timestampCodec = in.readUnsignedByte();
        valueCodec = in.readUnsignedByte();
        qualityCodec = in.readUnsignedByte();
        timestampLength = toInt(in.readUnsignedVarint(), "timestamp column length");
        valueLength = toInt(in.readUnsignedVarint(), "value column length");
        columnsOffset = in.position();
        long quality = (long) end - columnsOffset - timestampLength - valueLength;
        if (quality < 0) {
            throw new CorruptColumnException("chunk header: column lengths " + timestampLength + "+" + valueLength
                + " overrun the chunk of " + length + " bytes");
        }
        qualityLength = (int) quality;
    }

    private static int toInt(long varint, String what) {
        if (varint < 0 || varint > Integer.MAX_VALUE) {
            throw new CorruptColumnException("chunk header: " + what + " " + Long.toUnsignedString(varint)
                + " out of range");
        }
        return (int) varint;
    }

    public int version() {
        return version;
    }

    /** The value type, or {@code null} for a code this version does not know. */
    public ValueType valueType() {
        return ValueType.fromCode(typeCode);
    }

    /** The raw value type code, as stored. */
    public int valueTypeCode() {
        return typeCode;
    }

    /** Total chunk length in bytes, checksum included. */
    public int length() {
        return length;
    }

    public int count() {
        return count;
    }

    /**
     * Whether min, max, sum, first and last are stored and cover every sample (all Good and, for
     * DOUBLE, not NaN): only then can a query answer from them. A version 2 chunk stores them only
     * then, and only when it has enough samples for them to pay for their 40 bytes.
     */
    public boolean hasStatistics() {
        return statistics;
    }

    /**
     * Samples with Good quality and, for DOUBLE, a value that is not NaN: what the statistics cover.
     * Version 2 records it only with statistics (then it is the count); -1 when unknown.
     */
    public int aggregatableCount() {
        return aggregatableCount;
    }

    public long minTime() {
        return minTime;
    }

    public long maxTime() {
        return maxTime;
    }

    /** Minimum as a 64-bit pattern typed like the value column. */
    public long minBits() {
        return minBits;
    }

    public long maxBits() {
        return maxBits;
    }

    public double sum() {
        return sum;
    }

    public long firstBits() {
        return firstBits;
    }

    public long lastBits() {
        return lastBits;
    }

    /** Codec id of the timestamp column, with {@link ChunkDescriptor#ENTROPY_FLAG} when zstd wraps it. */
    public int timestampCodec() {
        return timestampCodec;
    }

    public int valueCodec() {
        return valueCodec;
    }

    public int qualityCodec() {
        return qualityCodec;
    }

    /** Absolute offset of the timestamp column; the value and quality columns follow it. */
    public int columnsOffset() {
        return columnsOffset;
    }

    public int timestampLength() {
        return timestampLength;
    }

    public int valueLength() {
        return valueLength;
    }

    public int qualityLength() {
        return qualityLength;
    }
}
