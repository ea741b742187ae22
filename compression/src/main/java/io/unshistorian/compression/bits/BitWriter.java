package io.unshistorian.compression.bits;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Writes a bit stream, most significant bit first, into a {@link MutableDirectBuffer}.
 *
 * <p>Bits gather in a 64-bit accumulator and reach the buffer one big-endian word at a time, so the
 * fast path of {@link #writeBits(long, int)} is a mask, a shift, an or and a compare. An expandable
 * Agrona buffer grows as words are written; a fixed buffer throws {@link IndexOutOfBoundsException}
 * when full. A writer is reusable: {@link #wrap} starts a new stream.
 */
public final class BitWriter {
    private MutableDirectBuffer buffer;
    private int startOffset;
    private int wordOffset;
    private long accumulator;
    private int pendingBits;

    /** Starts a new stream at {@code offset} of {@code buffer}. */
    public BitWriter wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.startOffset = offset;
        this.wordOffset = offset;
        this.accumulator = 0;
        this.pendingBits = 0;
        return this;
    }

    /**
     * Writes the low {@code count} bits of {@code value} (bits above them are ignored).
     *
     * @param count 0 to 64
     */
    public void writeBits(long value, int count) {
        if (count < 64 - pendingBits) {
            accumulator = (accumulator << count) | (value & ((1L << count) - 1));
            pendingBits += count;
        } else {
            spillWord(value, count);
        }
    }

    private void spillWord(long value, int count) {
        long bits = count == 64 ? value : value & ((1L << count) - 1);
        int free = 64 - pendingBits;
        int rest = count - free;
        long word = free == 64 ? bits >>> rest : (accumulator << free) | (bits >>> rest);
        buffer.putLong(wordOffset, word, ByteOrder.BIG_ENDIAN);
        wordOffset += Long.BYTES;
        accumulator = bits & ((1L << rest) - 1);
        pendingBits = rest;
    }

    /**
     * Writes the pending bits, padded with zero bits to a whole byte, and returns the stream length
     * in bytes. The writer must be wrapped again before further use.
     */
    public int finish() {
        int bytes = (pendingBits + 7) >>> 3;
        long leftAligned = pendingBits == 0 ? 0 : accumulator << (64 - pendingBits);
        for (int i = 0; i < bytes; i++) {
            buffer.putByte(wordOffset + i, (byte) (leftAligned >>> (56 - 8 * i)));
        }
        int length = wordOffset - startOffset + bytes;
        wordOffset += bytes;
        pendingBits = 0;
        accumulator = 0;
        return length;
    }
}
