package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;

/**
 * Reads a run of varints as fast as the varint codecs need: straight from the backing array when
 * the buffer has one (the entropy stage's output always does), through the buffer otherwise. Bounds
 * are checked on every byte either way, and malformed input throws {@link CorruptColumnException}.
 */
final class VarintReader {
    private final ByteCursor fallback = new ByteCursor();
    private byte[] array;
    private int position;
    private int end;
    private String what;

    VarintReader wrap(DirectBuffer buffer, int offset, int length, String description) {
        this.what = description;
        byte[] backing = buffer.byteArray();
        if (backing != null && buffer.addressOffset() >= org.agrona.BufferUtil.ARRAY_BASE_OFFSET) {
            array = backing;
            position = (int) (buffer.addressOffset() - org.agrona.BufferUtil.ARRAY_BASE_OFFSET) + offset;
            end = position + length;
            if (offset < 0 || length < 0 || end > array.length) {
                throw new CorruptColumnException(description + ": range outside its buffer");
            }
        } else {
            array = null;
            fallback.wrap(buffer, offset, length, description);
        }
        return this;
    }

    long readSigned() {
        if (array == null) {
            return fallback.readSignedVarint();
        }
        if (position < end) {
            byte first = array[position];
            if (first >= 0) {
                position++;
                return (first >>> 1) ^ -(first & 1);
            }
        }
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= end) {
                throw new CorruptColumnException(what + ": truncated at offset " + position + ", range ends at " + end);
            }
            int b = array[position++] & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return Varints.unzigzag(result);
            }
        }
        throw new CorruptColumnException(what + ": varint longer than 10 bytes at offset " + (position - 1));
    }

    void expectEnd() {
        if (array == null) {
            fallback.expectEnd();
        } else if (position != end) {
            throw new CorruptColumnException(what + ": " + (end - position) + " unexpected trailing bytes at offset "
                + position);
        }
    }
}
