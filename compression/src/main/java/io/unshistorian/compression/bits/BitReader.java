package io.unshistorian.compression.bits;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Reads a bit stream written by {@link BitWriter} from a byte range of a {@link DirectBuffer}.
 *
 * <p>Every read loads the unaligned big-endian word that holds the next bit and shifts it into
 * place, so up to 57 bits come from a single load and the fast path stays small enough to inline.
 * The reader never touches bytes outside its range: near the end it assembles the word byte by
 * byte, and reading past the end yields zero bits and marks the reader {@link #overran() overran},
 * which decoders check once per column to report a corrupt stream instead of looping on it.
 */
public final class BitReader {
    /** Bits a single window guarantees: 64 minus the up-to-7-bit offset inside the first byte. */
    public static final int WINDOW_BITS = 57;

    private DirectBuffer buffer;
    private int startOffset;
    private int endOffset;
    private int lastWordOffset;
    private long position;
    private long limit;

    /** Reads {@code length} bytes of {@code buffer} from {@code offset}. */
    public BitReader wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.startOffset = offset;
        this.endOffset = offset + length;
        this.lastWordOffset = endOffset - Long.BYTES;
        this.position = 0;
        this.limit = (long) length * Byte.SIZE;
        return this;
    }

    /**
     * The next bits of the stream, left-aligned: bit 63 of the result is the next bit. At least
     * {@link #WINDOW_BITS} bits are valid; the position does not move.
     */
    public long window() {
        int byteOffset = startOffset + (int) (position >>> 3);
        long word = byteOffset <= lastWordOffset
            ? buffer.getLong(byteOffset, ByteOrder.BIG_ENDIAN)
            : tailWord(byteOffset);
        return word << (position & 7);
    }

    private long tailWord(int byteOffset) {
        long word = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            int at = byteOffset + i;
            long b = at < endOffset && at >= startOffset ? buffer.getByte(at) & 0xFFL : 0L;
            word |= b << (56 - 8 * i);
        }
        return word;
    }

    /** Reads {@code count} bits, 1 to 64, as an unsigned value. */
    public long readBits(int count) {
        if (count <= WINDOW_BITS) {
            long value = window() >>> (64 - count);
            position += count;
            return value;
        }
        long high = readBits(32);
        return (high << (count - 32)) | readBits(count - 32);
    }

    /** Moves past {@code count} bits. */
    public void skip(long count) {
        position += count;
    }

    /** Bits consumed since {@link #wrap}. */
    public long position() {
        return position;
    }

    /** True when more bits were consumed than the range holds: the stream was truncated or corrupt. */
    public boolean overran() {
        return position > limit;
    }
}
