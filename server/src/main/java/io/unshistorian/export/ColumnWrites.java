package io.unshistorian.export;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Bulk writes of decoded sample columns into Arrow buffers, by address: one bounds check per call
 * instead of one per value (what {@code setSafe} pays), so a run of samples costs a few plain stores
 * per row. Every method checks that the whole range fits its buffer before writing.
 */
final class ColumnWrites {
    private ColumnWrites() {
    }

    /** {@code src[from, from+n)} as 64-bit values at rows {@code [row, row+n)}: timestamps, doubles' bits, longs. */
    static void copyLongs(long[] src, int from, int n, ArrowBuf dst, int row) {
        long address = start(dst, row, n, Long.BYTES);
        for (int i = 0; i < n; i++) {
            MemoryUtil.putLong(address + (long) i * Long.BYTES, src[from + i]);
        }
    }

    /** {@code src[from, from+n)} cut to their low 32 bits (unsigned quality codes) at rows {@code [row, row+n)}. */
    static void copyLowInts(long[] src, int from, int n, ArrowBuf dst, int row) {
        long address = start(dst, row, n, Integer.BYTES);
        for (int i = 0; i < n; i++) {
            MemoryUtil.putInt(address + (long) i * Integer.BYTES, (int) src[from + i]);
        }
    }

    /** One value at rows {@code [row, row+n)}: a run's path index. */
    static void fillInts(int value, int n, ArrowBuf dst, int row) {
        long address = start(dst, row, n, Integer.BYTES);
        for (int i = 0; i < n; i++) {
            MemoryUtil.putInt(address + (long) i * Integer.BYTES, value);
        }
    }

    /** Sets bits {@code [from, to)} of a bitmap (validity, or true booleans), whole bytes at a time in the middle. */
    static void setBits(ArrowBuf bitmap, int from, int to) {
        if (to <= from) {
            return;
        }
        checkFits(bitmap, ((long) to + 7) / 8, from, to);
        long address = bitmap.memoryAddress();
        int bit = from;
        while (bit < to && (bit & 7) != 0) {
            setBit(address, bit++);
        }
        int wholeBytes = (to - bit) / 8;
        if (wholeBytes > 0) {
            MemoryUtil.setMemory(address + bit / 8, wholeBytes, (byte) 0xFF);
            bit += wholeBytes * 8;
        }
        while (bit < to) {
            setBit(address, bit++);
        }
    }

    /** Sets the bit of each row {@code row + i} whose {@code src[from + i]} is not 0 (booleans stored as 0/1). */
    static void copyBooleans(long[] src, int from, int n, ArrowBuf bitmap, int row) {
        checkFits(bitmap, ((long) row + n + 7) / 8, row, row + n);
        long address = bitmap.memoryAddress();
        for (int i = 0; i < n; i++) {
            if (src[from + i] != 0) {
                setBit(address, row + i);
            }
        }
    }

    private static void setBit(long address, int bit) {
        long at = address + (bit >>> 3);
        MemoryUtil.putByte(at, (byte) (MemoryUtil.getByte(at) | (1 << (bit & 7))));
    }

    private static long start(ArrowBuf dst, int row, int n, int width) {
        checkFits(dst, ((long) row + n) * width, row, row + n);
        return dst.memoryAddress() + (long) row * width;
    }

    private static void checkFits(ArrowBuf dst, long bytes, int from, int to) {
        if (from < 0 || bytes > dst.capacity()) {
            throw new IndexOutOfBoundsException("rows outside the buffer: from=" + from + " to=" + to + " bytes="
                + bytes + " capacity=" + dst.capacity());
        }
    }
}
