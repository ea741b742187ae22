package io.unshistorian.compression.codec;

/**
 * Picks between {@link RunLengthCodec} and {@link BitPackedCodec} for columns of few distinct values
 * (quality codes, booleans, dictionary indices) by computing both encoded sizes exactly in one pass,
 * so only the smaller one is ever written.
 */
public final class SmallRangeColumns {
    private SmallRangeColumns() {
    }

    /** The id of whichever of run-length and bit-packing encodes {@code values[0, count)} smaller. */
    public static int smallerCodec(long[] values, int count) {
        if (count == 0 || isConstant(values, count)) {
            return CodecIds.RUN_LENGTH;
        }
        long runLengthBytes = 0;
        long min = values[0];
        long max = values[0];
        int runStart = 0;
        for (int i = 1; i <= count; i++) {
            if (i == count || values[i] != values[runStart]) {
                runLengthBytes += Varints.unsignedLength(Varints.zigzag(values[runStart]))
                    + Varints.unsignedLength(i - runStart);
                runStart = i;
            }
            if (i < count) {
                min = Math.min(min, values[i]);
                max = Math.max(max, values[i]);
            }
        }
        int width = 64 - Long.numberOfLeadingZeros(max - min);
        long bitPackedBytes = Varints.unsignedLength(Varints.zigzag(min)) + 1 + ((long) count * width + 7) / 8;
        return bitPackedBytes < runLengthBytes ? CodecIds.BIT_PACKED : CodecIds.RUN_LENGTH;
    }

    private static boolean isConstant(long[] values, int count) {
        long first = values[0];
        for (int i = 1; i < count; i++) {
            if (values[i] != first) {
                return false;
            }
        }
        return true;
    }
}
