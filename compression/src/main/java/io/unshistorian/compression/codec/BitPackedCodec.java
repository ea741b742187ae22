package io.unshistorian.compression.codec;

import io.unshistorian.compression.bits.BitReader;
import io.unshistorian.compression.bits.BitWriter;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Frame of reference (codec id 5): {@code zigzag varint minimum}, {@code u8 width} (0 to 64), then
 * every value minus the minimum in {@code width} bits. Suits small-range values that change often,
 * such as booleans or machine states that flip every sample.
 */
public final class BitPackedCodec implements LongColumnCodec {
    private final BitWriter writer = new BitWriter();
    private final BitReader reader = new BitReader();
    private final ByteCursor cursor = new ByteCursor();

    @Override
    public int id() {
        return CodecIds.BIT_PACKED;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        if (count == 0) {
            return 0;
        }
        long min = values[0];
        long max = values[0];
        for (int i = 1; i < count; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        int width = 64 - Long.numberOfLeadingZeros(max - min);
        int headerLength = Varints.putUnsigned(dst, offset, Varints.zigzag(min));
        dst.putByte(offset + headerLength, (byte) width);
        headerLength++;
        if (width == 0) {
            return headerLength;
        }
        BitWriter bits = writer.wrap(dst, offset + headerLength);
        for (int i = 0; i < count; i++) {
            bits.writeBits(values[i] - min, width);
        }
        return headerLength + bits.finish();
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        if (count == 0) {
            cursor.wrap(src, offset, length, "bit-packed column").expectEnd();
            return;
        }
        ByteCursor header = cursor.wrap(src, offset, length, "bit-packed column");
        long min = header.readSignedVarint();
        int width = header.readUnsignedByte();
        if (width > 64) {
            throw new CorruptColumnException("bit-packed column: width " + width + " exceeds 64 at offset " + offset);
        }
        if (width == 0) {
            header.expectEnd();
            for (int i = 0; i < count; i++) {
                dst[i] = min;
            }
            return;
        }
        int headerLength = header.position() - offset;
        long expectedBytes = ((long) count * width + 7) / 8;
        if (expectedBytes != length - headerLength) {
            throw new CorruptColumnException("bit-packed column: " + (length - headerLength) + " bytes for " + count
                + " values of " + width + " bits, expected " + expectedBytes);
        }
        BitReader bits = reader.wrap(src, offset + headerLength, length - headerLength);
        for (int i = 0; i < count; i++) {
            dst[i] = min + bits.readBits(width);
        }
    }
}
