package io.unshistorian.compression.codec;

import org.agrona.MutableDirectBuffer;

/** LEB128 unsigned varints and zigzag mapping, as used by the byte-aligned parts of columns. */
public final class Varints {
    /** The longest varint of a 64-bit value. */
    public static final int MAX_LENGTH = 10;

    private Varints() {
    }

    /** Writes {@code value} as an unsigned varint and returns the bytes written. */
    public static int putUnsigned(MutableDirectBuffer dst, int offset, long value) {
        int at = offset;
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            dst.putByte(at++, (byte) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        dst.putByte(at++, (byte) rest);
        return at - offset;
    }

    /** The bytes {@link #putUnsigned} takes for {@code value}. */
    public static int unsignedLength(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    public static long zigzag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    public static long unzigzag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }
}
