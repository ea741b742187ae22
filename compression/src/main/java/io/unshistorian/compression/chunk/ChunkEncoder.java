package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.unshistorian.compression.codec.CodecIds;
import io.unshistorian.compression.codec.LongColumnCodec;
import io.unshistorian.compression.codec.LongColumnCodecs;
import io.unshistorian.compression.codec.SmallRangeColumns;
import io.unshistorian.compression.codec.Varints;

import org.agrona.MutableDirectBuffer;

/**
 * Writes the samples of one series as a chunk (layout in {@link ChunkDescriptor}). The encoder picks
 * each column's codec by size: for timestamps and LONG values the smaller of delta-of-delta and
 * delta frame-of-reference, for DOUBLE the smaller of Gorilla XOR and decimal integers, for BOOLEAN
 * values, dictionary indices and quality codes the smaller of run-length and bit-packing, and raw
 * 64-bit values whenever a codec would do worse than that.
 *
 * <p>Reusable and allocation-free; not thread-safe.
 */
public final class ChunkEncoder {
    private final LongColumnCodecs codecs = new LongColumnCodecs();
    private final ChunkChecksum checksum = new ChunkChecksum();
    private final ChunkStatistics statistics = new ChunkStatistics();
    private final org.agrona.ExpandableArrayBuffer scratch = new org.agrona.ExpandableArrayBuffer(1 << 16);

    /**
     * Encodes {@code samples} at {@code offset} of {@code dst} (an expandable buffer grows).
     *
     * @return the chunk length in bytes
     * @throws IllegalArgumentException when there are more than {@link ChunkDescriptor#MAX_SAMPLES}
     */
    public int encode(SampleColumns samples, MutableDirectBuffer dst, int offset) {
        int count = samples.size();
        if (count > MAX_SAMPLES) {
            throw new IllegalArgumentException("chunk too large: count=" + count + " max=" + MAX_SAMPLES);
        }
        statistics.compute(samples);

        int position = offset + HEADER_LENGTH;
        int timestampLength = encodeSmaller(samples.timestamps(), count, codecs.deltaOfDelta(), codecs.deltaFor(), dst,
            position, TIMESTAMP_CODEC_OFFSET + offset);
        position += timestampLength;
        int valueLength = encodeValues(samples, dst, position, offset + VALUE_CODEC_OFFSET);
        position += valueLength;
        int qualityLength = encodeSmallRangeColumn(samples.qualities(), count, dst, position,
            offset + QUALITY_CODEC_OFFSET);
        position += qualityLength;
        int length = position + CHECKSUM_LENGTH - offset;

        dst.putShort(offset + MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        dst.putByte(offset + VERSION_OFFSET, VERSION);
        dst.putByte(offset + VALUE_TYPE_OFFSET, (byte) samples.type().code());
        dst.putInt(offset + LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(offset + COUNT_OFFSET, count, ByteOrder.LITTLE_ENDIAN);
        statistics.writeTo(dst, offset);
        dst.putByte(offset + RESERVED_OFFSET, (byte) 0);
        dst.putInt(offset + TIMESTAMP_LENGTH_OFFSET, timestampLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(offset + VALUE_LENGTH_OFFSET, valueLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(offset + QUALITY_LENGTH_OFFSET, qualityLength, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(position, checksum.compute(dst, offset, position - offset), ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    private int encodeValues(SampleColumns samples, MutableDirectBuffer dst, int position, int codecIdAt) {
        long[] values = samples.values();
        int count = samples.size();
        switch (samples.type()) {
            case DOUBLE:
                return encodeSmaller(values, count, codecs.gorillaXor(), codecs.decimal(), dst, position, codecIdAt);
            case LONG:
                return encodeSmaller(values, count, codecs.deltaOfDelta(), codecs.deltaFor(), dst, position, codecIdAt);
            case BOOLEAN:
                return encodeSmallRangeColumn(values, count, dst, position, codecIdAt);
            case STRING:
                dst.putByte(codecIdAt, (byte) CodecIds.DICTIONARY);
                return encodeDictionary(samples, dst, position);
            default:
                throw new IllegalStateException("unhandled value type " + samples.type());
        }
    }

    /**
     * Dictionary layout: {@code varint entry count}, per entry {@code varint byte length} + UTF-8
     * bytes, then {@code u8 index codec id} and the index column.
     */
    private int encodeDictionary(SampleColumns samples, MutableDirectBuffer dst, int offset) {
        StringDictionary dictionary = samples.dictionary();
        int position = offset + Varints.putUnsigned(dst, offset, dictionary.size());
        for (int i = 0; i < dictionary.size(); i++) {
            byte[] utf8 = dictionary.get(i).getBytes(StandardCharsets.UTF_8);
            position += Varints.putUnsigned(dst, position, utf8.length);
            dst.putBytes(position, utf8);
            position += utf8.length;
        }
        int codecIdAt = position++;
        position += encodeSmallRangeColumn(samples.values(), samples.size(), dst, position, codecIdAt);
        return position - offset;
    }

    /**
     * Encodes with whichever of two codecs gives fewer bytes (each column gets the codec that suits
     * it: Gorilla for noisy doubles, decimal integers for rounded ones; delta-of-delta or
     * frame-of-reference steps for timestamps and counters); writes its id at {@code codecIdAt}.
     */
    private int encodeSmaller(long[] values, int count, LongColumnCodec first, LongColumnCodec second,
                              MutableDirectBuffer dst, int position, int codecIdAt) {
        int firstLength = first.encode(values, count, scratch, 0);
        int secondLength = encodeColumn(values, count, second, dst, position, codecIdAt);
        if (firstLength < secondLength && firstLength <= count * Long.BYTES) {
            dst.putBytes(position, scratch, 0, firstLength);
            dst.putByte(codecIdAt, (byte) first.id());
            return firstLength;
        }
        return secondLength;
    }

    /** Encodes with the smaller of run-length and bit-packing; writes its id at {@code codecIdAt}. */
    private int encodeSmallRangeColumn(long[] values, int count, MutableDirectBuffer dst, int position, int codecIdAt) {
        LongColumnCodec codec = codecs.byId(SmallRangeColumns.smallerCodec(values, count));
        return encodeColumn(values, count, codec, dst, position, codecIdAt);
    }

    /**
     * Encodes with {@code codec}, or raw when that would exceed 8 bytes a value; writes the chosen
     * codec id at {@code codecIdAt}.
     */
    private int encodeColumn(long[] values, int count, LongColumnCodec codec, MutableDirectBuffer dst, int position,
                             int codecIdAt) {
        LongColumnCodec chosen = codec;
        int length = codec.encode(values, count, dst, position);
        if (length > count * Long.BYTES) {
            chosen = codecs.raw();
            length = chosen.encode(values, count, dst, position);
        }
        dst.putByte(codecIdAt, (byte) chosen.id());
        return length;
    }
}
