package io.unshistorian.compression.chunk;

import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.unshistorian.compression.codec.ByteCursor;
import io.unshistorian.compression.codec.CorruptColumnException;
import io.unshistorian.compression.codec.Varints;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The optional zstd stage over an encoded column (version 2 chunks): the column's bytes become
 * {@code varint decoded length} and a zstd frame of them, kept only when that saves at least an eighth
 * and the column has at least {@value #MIN_COLUMN_BYTES} bytes. Our codecs remove the structure
 * of time series (steps, deltas, decimals); zstd then takes what repeats in their output, such as
 * recurring bit patterns of a periodic signal or a sparse series' repeated values.
 *
 * <p>Reusable; grows its scratch arrays to the largest column seen; not thread-safe.
 */
final class EntropyStage {
    /** Below this a zstd frame's own header (about 10 bytes) eats what it could save. */
    static final int MIN_COLUMN_BYTES = 64;
    /**
     * Bound on a decoded column a reader accepts: up to 9 bytes (a long varint) for each of the most
     * samples, and slack. A larger column (a STRING chunk's dictionary can be) is never wrapped.
     */
    private static final int MAX_DECODED_BYTES = ChunkDescriptor.MAX_SAMPLES * 9 + 1024;

    private final ZstdCompressor compressor = new ZstdCompressor();
    private final ZstdDecompressor decompressor = new ZstdDecompressor();
    private final ByteCursor cursor = new ByteCursor();
    private final UnsafeBuffer decodedView = new UnsafeBuffer(new byte[0]);
    private byte[] input = new byte[1024];
    private byte[] output = new byte[1024];

    /**
     * Compresses the {@code length} column bytes at {@code offset} of {@code buffer} in place when it
     * pays.
     *
     * @return the column's new length, or -1 when it stays as it is
     */
    int compressInPlace(MutableDirectBuffer buffer, int offset, int length) {
        if (length < MIN_COLUMN_BYTES || length > MAX_DECODED_BYTES) {
            return -1;
        }
        input = grow(input, length);
        buffer.getBytes(offset, input, 0, length);
        output = grow(output, compressor.maxCompressedLength(length));
        int compressed = compressor.compress(input, 0, length, output, 0, output.length);
        int framed = Varints.unsignedLength(length) + compressed;
        if (framed > length - length / 8) {
            return -1;
        }
        int at = offset + Varints.putUnsigned(buffer, offset, length);
        buffer.putBytes(at, output, 0, compressed);
        return framed;
    }

    /**
     * Decompresses the entropy-coded column at {@code offset}; the returned view holds the inner
     * codec's bytes from index 0 to its capacity and is valid until the next call.
     *
     * @throws CorruptColumnException when the frame is malformed or decodes to another length
     */
    DirectBuffer decompress(DirectBuffer src, int offset, int length) {
        ByteCursor in = cursor.wrap(src, offset, length, "zstd column");
        long decodedLength = in.readUnsignedVarint();
        if (decodedLength < 0 || decodedLength > MAX_DECODED_BYTES) {
            throw new CorruptColumnException("zstd column: decoded length " + Long.toUnsignedString(decodedLength)
                + " out of range");
        }
        int frameStart = in.position();
        int frameLength = offset + length - frameStart;
        input = grow(input, frameLength);
        src.getBytes(frameStart, input, 0, frameLength);
        output = grow(output, (int) decodedLength);
        int decoded;
        try {
            decoded = decompressor.decompress(input, 0, frameLength, output, 0, (int) decodedLength);
        } catch (RuntimeException malformed) {
            throw new CorruptColumnException("zstd column: " + malformed.getMessage());
        }
        if (decoded != decodedLength) {
            throw new CorruptColumnException("zstd column: " + decoded + " bytes decoded, header says "
                + decodedLength);
        }
        decodedView.wrap(output, 0, decoded);
        return decodedView;
    }

    private static byte[] grow(byte[] array, int size) {
        return array.length >= size ? array : new byte[Math.max(size, array.length * 2)];
    }
}
