package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Encodes a column of 64-bit values losslessly. Every column of a chunk is a column of longs:
 * timestamps, LONG values, the raw bit patterns of DOUBLE values, BOOLEAN values as 0/1, dictionary
 * indices of STRING values, and quality codes.
 *
 * <p>Implementations hold reusable scratch state and allocate nothing per value; an instance is not
 * thread-safe. Decoders of untrusted bytes never read outside the given range, never loop beyond
 * {@code count} values, and throw {@link CorruptColumnException} for malformed input.
 */
public interface LongColumnCodec {
    /** The permanent on-disk id, one of {@link CodecIds}. */
    int id();

    /**
     * Encodes {@code values[0, count)} at {@code offset} of {@code dst} (expandable buffers grow).
     *
     * @return the number of bytes written; 0 when {@code count} is 0
     */
    int encode(long[] values, int count, MutableDirectBuffer dst, int offset);

    /**
     * Decodes {@code count} values from the {@code length} bytes at {@code offset} of {@code src}
     * into {@code dst[0, count)}.
     *
     * @throws CorruptColumnException when the bytes do not hold exactly {@code count} values
     */
    void decode(DirectBuffer src, int offset, int length, int count, long[] dst);
}
