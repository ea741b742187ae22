package io.unshistorian.compression.chunk;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import org.agrona.DirectBuffer;

/** CRC32C (Castagnoli, as {@link CRC32C}) over a byte range of any Agrona buffer. Not thread-safe. */
public final class ChunkChecksum {
    private final CRC32C crc = new CRC32C();

    /** The CRC32C of {@code length} bytes at {@code offset} of {@code buffer}, as an int. */
    public int compute(DirectBuffer buffer, int offset, int length) {
        crc.reset();
        byte[] array = buffer.byteArray();
        if (array != null) {
            crc.update(array, buffer.wrapAdjustment() + offset, length);
        } else if (buffer.byteBuffer() != null) {
            ByteBuffer view = buffer.byteBuffer().duplicate();
            int start = buffer.wrapAdjustment() + offset;
            view.limit(start + length).position(start);
            crc.update(view);
        } else {
            for (int i = 0; i < length; i++) {
                crc.update(buffer.getByte(offset + i));
            }
        }
        return (int) crc.getValue();
    }
}
