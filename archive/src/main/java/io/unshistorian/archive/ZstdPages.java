package io.unshistorian.archive;

import java.io.IOException;
import java.util.Arrays;

import io.airlift.compress.zstd.ZstdCompressor;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Zstandard page compression for the Parquet writer by the pure-Java aircompressor (already the
 * chunk format's entropy stage), instead of parquet-java's codecs, which go through Hadoop's
 * compression framework and its native libraries. Write only.
 */
final class ZstdPages implements CompressionCodecFactory {
    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        if (codec != CompressionCodecName.ZSTD) {
            throw new IllegalArgumentException("the archive writes ZSTD pages only, not " + codec);
        }
        return new Compressor();
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the archive writes Parquet; it does not read it");
    }

    @Override
    public void release() {
    }

    private static final class Compressor implements BytesInputCompressor {
        private final ZstdCompressor zstd = new ZstdCompressor();
        private byte[] output = new byte[1 << 16];

        @Override
        @SuppressWarnings("deprecation")   // toByteArray: the page is small, and a heap array is what the compressor takes
        public BytesInput compress(BytesInput page) throws IOException {
            byte[] input = page.toByteArray();
            int bound = zstd.maxCompressedLength(input.length);
            if (output.length < bound) {
                output = new byte[bound];
            }
            int length = zstd.compress(input, 0, input.length, output, 0, output.length);
            // A copy: the writer keeps the page until its row group is written.
            return BytesInput.from(Arrays.copyOf(output, length));
        }

        @Override
        public CompressionCodecName getCodecName() {
            return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {
        }
    }
}
