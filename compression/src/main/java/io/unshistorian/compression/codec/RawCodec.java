package io.unshistorian.compression.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** Each value as 8 little-endian bytes (codec id 1): the fallback for incompressible columns. */
public final class RawCodec implements LongColumnCodec {
    @Override
    public int id() {
        return CodecIds.RAW;
    }

    @Override
    public int encode(long[] values, int count, MutableDirectBuffer dst, int offset) {
        for (int i = 0; i < count; i++) {
            dst.putLong(offset + i * Long.BYTES, values[i], ByteOrder.LITTLE_ENDIAN);
        }
        return count * Long.BYTES;
    }

    @Override
    public void decode(DirectBuffer src, int offset, int length, int count, long[] dst) {
        if ((long) count * Long.BYTES != length) {
            throw new CorruptColumnException("raw column: " + length + " bytes for " + count + " values");
        }
        for (int i = 0; i < count; i++) {
            dst[i] = src.getLong(offset + i * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
    }
}
