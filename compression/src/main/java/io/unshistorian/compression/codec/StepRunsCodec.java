package io.unshistorian.compression.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The first value, then runs of equal steps as {@code (zigzag varint step, varint run length)} pairs
 * (codec id 11). A perfectly regular timestamp column (a 1 Hz series, a 15-minute meter) is three
 * varints whatever its length, where frame-of-reference blocks still pay two bytes per 128 values;
 * anything irregular is left to the other codecs by size.
 *
 * <pre>
 *   varint zigzag(value_0)                          (nothing when the column is empty)
 *   (varint zigzag(step), varint run) pairs        runs of value_i - value_(i-1), i = 1 .. count - 1
 * </pre>
 * Steps wrap around 2^64, so every column round-trips.
 */
public final class StepRunsCodec implements LongColumnCodec {
    private final ByteCursor cursor = new ByteCursor();

    @Override
    public int id() {
        return CodecIds.STEP_RUNS;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        if (count == 0) {
            return 0;
        }
        int at = offset + Varints.putUnsigned(dst, offset, Varints.zigzag(values[0]));
        int i = 1;
        while (i < count) {
            long step = values[i] - values[i - 1];
            int runEnd = i + 1;
            while (runEnd < count && values[runEnd] - values[runEnd - 1] == step) {
                runEnd++;
            }
            at += Varints.putUnsigned(dst, at, Varints.zigzag(step));
            at += Varints.putUnsigned(dst, at, runEnd - i);
            i = runEnd;
        }
        return at - offset;
    }

    /** Runs of equal steps in the column: a cheap test of whether this codec can pay. */
    public static int runs(long[] values, int count) {
        int runs = 0;
        for (int i = 1; i < count; i++) {
            if (i == 1 || values[i] - values[i - 1] != values[i - 1] - values[i - 2]) {
                runs++;
            }
        }
        return runs;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        ByteCursor in = cursor.wrap(src, offset, length, "step-runs column");
        if (count > 0) {
            dst[0] = in.readSignedVarint();
        }
        int i = 1;
        while (i < count) {
            long step = in.readSignedVarint();
            long run = in.readUnsignedVarint();
            if (run < 1 || run > count - i) {
                throw new CorruptColumnException("step-runs column: run of " + run + " at value " + i + " of " + count
                    + " (offset " + in.position() + ")");
            }
            for (int end = i + (int) run; i < end; i++) {
                dst[i] = dst[i - 1] + step;
            }
        }
        in.expectEnd();
    }
}
