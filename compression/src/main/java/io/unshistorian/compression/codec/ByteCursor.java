package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;

/**
 * Reads the byte-aligned parts of an encoded column (varints, single bytes) without ever leaving
 * its range; running past the end is reported as a {@link CorruptColumnException}.
 */
public final class ByteCursor {
    private DirectBuffer buffer;
    private int position;
    private int end;
    private String what;

    /** Reads {@code length} bytes from {@code offset}; {@code what} names the column in errors. */
    public ByteCursor wrap(DirectBuffer buffer, int offset, int length, String what) {
        this.buffer = buffer;
        this.position = offset;
        this.end = offset + length;
        this.what = what;
        return this;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public int readUnsignedByte() {
        if (position >= end) {
            throw truncated();
        }
        return buffer.getByte(position++) & 0xFF;
    }

    public long readUnsignedVarint() {
        if (position < end) {
            byte first = buffer.getByte(position);
            if (first >= 0) {   // one byte: the common case of the varint codecs' small steps
                position++;
                return first;
            }
        }
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUnsignedByte();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new CorruptColumnException(what + ": varint longer than 10 bytes at offset " + (position - 1));
    }

    public long readSignedVarint() {
        return Varints.unzigzag(readUnsignedVarint());
    }

    /** Skips {@code count} bytes that the caller reads directly. */
    public void skip(int count) {
        if (count < 0 || count > end - position) {
            throw truncated();
        }
        position += count;
    }

    /** Fails unless every byte of the range was consumed. */
    public void expectEnd() {
        if (position != end) {
            throw new CorruptColumnException(what + ": " + (end - position) + " unexpected trailing bytes at offset "
                + position);
        }
    }

    private CorruptColumnException truncated() {
        return new CorruptColumnException(what + ": truncated at offset " + position + ", range ends at " + end);
    }
}
