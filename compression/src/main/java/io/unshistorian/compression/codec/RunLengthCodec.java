package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Runs of equal values as byte-aligned {@code (zigzag varint value, unsigned varint run length)}
 * pairs (codec id 4). A constant column of any length costs a few bytes; quality codes, rarely
 * flipping booleans and machine states compress to almost nothing.
 */
public final class RunLengthCodec implements LongColumnCodec {
    private final ByteCursor cursor = new ByteCursor();

    @Override
    public int id() {
        return CodecIds.RUN_LENGTH;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        int at = offset;
        int i = 0;
        while (i < count) {
            long value = values[i];
            int runEnd = i + 1;
            while (runEnd < count && values[runEnd] == value) {
                runEnd++;
            }
            at += Varints.putUnsigned(dst, at, Varints.zigzag(value));
            at += Varints.putUnsigned(dst, at, runEnd - i);
            i = runEnd;
        }
        return at - offset;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        ByteCursor in = cursor.wrap(src, offset, length, "run-length column");
        int i = 0;
        while (i < count) {
            long value = in.readSignedVarint();
            long run = in.readUnsignedVarint();
            if (run < 1 || run > count - i) {
                throw new CorruptColumnException("run-length column: run of " + run + " at value " + i + " of " + count
                    + " (offset " + in.position() + ")");
            }
            for (int end = i + (int) run; i < end; i++) {
                dst[i] = value;
            }
        }
        in.expectEnd();
    }
}
