package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.unshistorian.compression.codec.CodecIds;
import io.unshistorian.compression.codec.CommonDivisor;
import io.unshistorian.compression.codec.DeltaForCodec;
import io.unshistorian.compression.codec.DeltaOfDeltaCodec;
import io.unshistorian.compression.codec.GorillaXorCodec;
import io.unshistorian.compression.codec.LongColumnCodec;
import io.unshistorian.compression.codec.LongColumnCodecs;
import io.unshistorian.compression.codec.SmallRangeColumns;
import io.unshistorian.compression.codec.StepRunsCodec;
import io.unshistorian.compression.codec.Varints;

import org.agrona.MutableDirectBuffer;

/**
 * Writes the samples of one series as a version 2 chunk (layout in {@link ChunkDescriptor}). The
 * encoder picks each column's codec by size: for timestamps step runs when they are regular, else
 * (and for LONG values) the smaller of delta-of-delta and delta frame-of-reference, for DOUBLE the
 * smaller of Gorilla XOR and decimal integers (exact or near), for BOOLEAN values, dictionary indices and quality codes the smaller of run-length and
 * bit-packing, and raw 64-bit values whenever a codec would do worse than that. With the entropy
 * stage on, each column is then wrapped in zstd when that saves an eighth ({@link EntropyStage}),
 * and LONG and DOUBLE value columns are also tried as whole-byte varints under zstd.
 * Statistics are stored only where a query can use them: every sample aggregatable, and at least
 * {@value #STATISTICS_MIN_SAMPLES} samples (below that decoding is as cheap as their 40 bytes are dear).
 *
 * <p>Reusable and allocation-free once its buffers have grown; not thread-safe.
 */
public final class ChunkEncoder {
    /** Fewest samples for which a chunk carries statistics. */
    public static final int STATISTICS_MIN_SAMPLES = 16;

    private final LongColumnCodecs codecs = new LongColumnCodecs();
    private final ChunkChecksum checksum = new ChunkChecksum();
    private final ChunkStatistics statistics = new ChunkStatistics();
    private final org.agrona.ExpandableArrayBuffer scratch = new org.agrona.ExpandableArrayBuffer(1 << 16);
    private final org.agrona.ExpandableArrayBuffer columns = new org.agrona.ExpandableArrayBuffer(1 << 16);
    private final EntropyStage entropy;
    private final int statisticsMinSamples;
    /** Codec ids of the timestamp, value and quality columns of the chunk being encoded. */
    private final int[] codecIds = new int[3];
    /** The codec id the last column encoder chose. */
    private int lastCodec;

    /** An encoder without the entropy stage: what a head flush uses, where speed counts more than bytes. */
    public ChunkEncoder() {
        this(false);
    }

    /** An encoder with or without the zstd stage, statistics from {@value #STATISTICS_MIN_SAMPLES} samples. */
    public ChunkEncoder(boolean entropyStage) {
        this(entropyStage, STATISTICS_MIN_SAMPLES);
    }

    /** An encoder that stores statistics from {@code statisticsMinSamples} samples on (at least 1). */
    public ChunkEncoder(boolean entropyStage, int statisticsMinSamples) {
        if (statisticsMinSamples < 1) {
            throw new IllegalArgumentException("statisticsMinSamples must be at least 1: " + statisticsMinSamples);
        }
        this.entropy = entropyStage ? new EntropyStage() : null;
        this.statisticsMinSamples = statisticsMinSamples;
    }

    /** Whether this encoder tries the zstd stage on each column. */
    public boolean entropyStage() {
        return entropy != null;
    }

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
        int timestampLength = finishColumn(0, 0, encodeTimestamps(samples.timestamps(), count));
        int valueLength = finishColumn(1, timestampLength, encodeValues(samples, columns, timestampLength));
        if (entropy != null) {
            LongColumnCodec steps = samples.type() == ValueType.DOUBLE ? codecs.decimalVarint()
                : samples.type() == ValueType.LONG ? codecs.deltaVarint() : null;
            valueLength = tryUnderEntropy(steps, samples.values(), count, 1, timestampLength, valueLength);
        }
        int qualityAt = timestampLength + valueLength;
        int qualityLength = finishColumn(2, qualityAt, encodeSmallRangeColumn(samples.qualities(), count, columns,
            qualityAt));

        boolean withStatistics = samples.type() != ValueType.STRING && count >= statisticsMinSamples
            && statistics.aggregatableCount() == count;
        int position = offset + FIXED_PREFIX_LENGTH;
        position += Varints.putUnsigned(dst, position, count);
        position += Varints.putUnsigned(dst, position, Varints.zigzag(statistics.minTime()));
        position += Varints.putUnsigned(dst, position, statistics.maxTime() - statistics.minTime());
        if (withStatistics) {
            position += statistics.writeValues(dst, position);
        }
        for (int codecId : codecIds) {
            dst.putByte(position++, (byte) codecId);
        }
        position += Varints.putUnsigned(dst, position, timestampLength);
        position += Varints.putUnsigned(dst, position, valueLength);
        int columnBytes = qualityAt + qualityLength;
        dst.putBytes(position, columns, 0, columnBytes);
        position += columnBytes;
        int length = position + CHECKSUM_LENGTH - offset;

        dst.putShort(offset + MAGIC_OFFSET, MAGIC, ByteOrder.LITTLE_ENDIAN);
        dst.putByte(offset + VERSION_OFFSET, VERSION);
        int flags = withStatistics ? STATISTICS_FLAG : 0;
        dst.putByte(offset + VALUE_TYPE_OFFSET, (byte) (samples.type().code() | flags));
        dst.putInt(offset + LENGTH_OFFSET, length, ByteOrder.LITTLE_ENDIAN);
        dst.putInt(position, checksum.compute(dst, offset, position - offset), ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    /**
     * Records the codec of column {@code k}, just encoded at {@code at} of the column buffer, and runs
     * the entropy stage over it when on; returns the column's final length.
     */
    private int finishColumn(int k, int at, int length) {
        codecIds[k] = lastCodec;
        if (entropy == null) {
            return length;
        }
        int compressed = entropy.compressInPlace(columns, at, length);
        if (compressed < 0) {
            return length;
        }
        codecIds[k] |= ENTROPY_FLAG;
        return compressed;
    }

    /**
     * With the entropy stage: tries column {@code k} (at {@code at}, {@code length} bytes so far) as
     * whole-byte varint steps under zstd ({@code codec}: LONG values as they are, DOUBLE as decimal
     * integers), and keeps it when smaller. (Timestamps gain nothing from it on our data sets: their
     * steps are already near zero bits.) Bit-packed steps spend bits on each block's
     * extremes; zstd's entropy coder on whole bytes gets close to what the steps carry. Returns the
     * column's final length.
     */
    private int tryUnderEntropy(LongColumnCodec codec, long[] values, int count, int k, int at, int length) {
        if (codec == null || count == 0) {
            return length;
        }
        int candidate = codec.encode(values, count, scratch, 0);
        if (candidate > count * Long.BYTES) {
            return length;
        }
        int compressed = entropy.compressInPlace(scratch, 0, candidate);
        if (compressed < 0 || compressed >= length) {
            return length;
        }
        columns.putBytes(at, scratch, 0, compressed);
        codecIds[k] = codec.id() | ENTROPY_FLAG;
        return compressed;
    }

    /**
     * Timestamps: the smaller of delta-of-delta and frame-of-reference steps, or, when the steps come
     * in a few long runs (a regular series), the runs themselves.
     */
    private int encodeTimestamps(long[] timestamps, int count) {
        if (count > 2 && StepRunsCodec.runs(timestamps, count) <= count / 64) {
            lastCodec = CodecIds.STEP_RUNS;
            return codecs.stepRuns().encode(timestamps, count, columns, 0);
        }
        return encodeSteps(timestamps, count, columns, 0);
    }

    private int encodeValues(SampleColumns samples, MutableDirectBuffer dst, int position) {
        long[] values = samples.values();
        int count = samples.size();
        switch (samples.type()) {
            case DOUBLE:
                return encodeSmaller(values, count, codecs.gorillaXor(), GorillaXorCodec.encodedLength(values, count),
                    codecs.decimal(), dst, position);
            case LONG:
                return encodeSteps(values, count, dst, position);
            case BOOLEAN:
                return encodeSmallRangeColumn(values, count, dst, position);
            case STRING:
                int length = encodeDictionary(samples, dst, position);
                lastCodec = CodecIds.DICTIONARY;
                return length;
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
        position += encodeSmallRangeColumn(samples.values(), samples.size(), dst, position);
        dst.putByte(codecIdAt, (byte) lastCodec);
        return position - offset;
    }

    /**
     * Encodes with whichever of two codecs gives fewer bytes (each column gets the codec that suits
     * it: Gorilla for noisy doubles, decimal integers for rounded ones), {@code first} given by its
     * length counted without writing, so it is written only when it wins; its id goes to
     * {@code lastCodec}.
     */
    private int encodeSmaller(long[] values, int count, LongColumnCodec first, int firstLength,
                              LongColumnCodec second, MutableDirectBuffer dst, int position) {
        int secondLength = encodeColumn(values, count, second, dst, position);
        if (firstLength < secondLength && firstLength <= count * Long.BYTES) {
            lastCodec = first.id();
            return first.encode(values, count, dst, position);
        }
        return secondLength;
    }

    /**
     * Timestamps and LONG values: the smaller of delta-of-delta and frame-of-reference steps (raw when
     * both exceed 8 bytes a value), both sized by counting over one common divisor and only the
     * smaller written; delta-FOR on a tie, as when both were encoded. Its id goes to {@code lastCodec}.
     */
    private int encodeSteps(long[] values, int count, MutableDirectBuffer dst, int position) {
        if (count == 0) {
            lastCodec = CodecIds.DELTA_FOR;
            return 0;
        }
        long divisor = CommonDivisor.ofSteps(values, count);
        int rawLength = count * Long.BYTES;
        int forLength = DeltaForCodec.encodedLength(values, count, divisor);
        int dodLength = DeltaOfDeltaCodec.encodedLength(values, count, divisor);
        if (dodLength < Math.min(forLength, rawLength)) {
            lastCodec = CodecIds.DELTA_OF_DELTA;
            return codecs.deltaOfDelta().encode(values, count, divisor, dst, position);
        }
        if (forLength <= rawLength) {
            lastCodec = CodecIds.DELTA_FOR;
            return codecs.deltaFor().encode(values, count, divisor, dst, position);
        }
        lastCodec = CodecIds.RAW;
        return codecs.raw().encode(values, count, dst, position);
    }

    /** Encodes with the smaller of run-length and bit-packing; its id goes to {@code lastCodec}. */
    private int encodeSmallRangeColumn(long[] values, int count, MutableDirectBuffer dst, int position) {
        LongColumnCodec codec = codecs.byId(SmallRangeColumns.smallerCodec(values, count));
        return encodeColumn(values, count, codec, dst, position);
    }

    /**
     * Encodes with {@code codec}, or raw when that would exceed 8 bytes a value; the chosen codec id
     * goes to {@code lastCodec}.
     */
    private int encodeColumn(long[] values, int count, LongColumnCodec codec, MutableDirectBuffer dst, int position) {
        LongColumnCodec chosen = codec;
        int length = codec.encode(values, count, dst, position);
        if (length > count * Long.BYTES) {
            chosen = codecs.raw();
            length = chosen.encode(values, count, dst, position);
        }
        lastCodec = chosen.id();
        return length;
    }
}
