package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.CHECKSUM_LENGTH;
import static io.unshistorian.compression.chunk.ChunkDescriptor.LENGTH_OFFSET;
import static io.unshistorian.compression.chunk.ChunkDescriptor.MIN_V2_CHUNK_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.compression.codec.CorruptColumnException;
import io.unshistorian.compression.codec.LongColumnCodec;
import io.unshistorian.compression.codec.LongColumnCodecs;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): the chunk decoder on arbitrary bytes, as a block file or a damaged
 * disk hands them to it. Any input either decodes or fails with {@link CorruptChunkException};
 * nothing else escapes (no index, size or arithmetic exception, no allocation a length field made
 * huge). A chunk that decodes also encodes again and decodes to the very same columns.
 *
 * <p>Input: one flag byte, then the chunk. Flag bit 0 recomputes the CRC32C over the (mutated)
 * bytes and bit 1 first sets the length field to the bytes given, so mutations get past the
 * checksum into the header checks and the column codecs instead of dying at the CRC. Flag bit 7
 * instead feeds one column to one codec (codec id, u16 sample count, the column), where lengths
 * and counts inside a column are easier to reach than through a chunk header.
 */
class ChunkDecoderFuzzer {
    private static final int MAX_REENCODED = 1 << 16;
    /** Flag bit 7: the input is one column for one codec (codec id, u16 count, column bytes). */
    private static final int COLUMN_MODE = 0x80;

    private final ChunkDecoder decoder = new ChunkDecoder();
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ChunkChecksum checksum = new ChunkChecksum();
    private final SampleColumns decoded = new SampleColumns(ValueType.DOUBLE, 16);
    private final SampleColumns again = new SampleColumns(ValueType.DOUBLE, 16);
    private final ExpandableArrayBuffer reencoded = new ExpandableArrayBuffer(1 << 12);
    private final LongColumnCodecs codecs = new LongColumnCodecs();
    private long[] column = new long[16];
    private long[] columnAgain = new long[16];

    @BeforeAll
    static void corpus() throws IOException {
        FuzzCorpus.perTarget(ChunkDecoderFuzzer.class);
    }

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int flags = input[0];
        if ((flags & COLUMN_MODE) != 0) {
            decodeColumn(input);
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        UnsafeBuffer chunk = new UnsafeBuffer(bytes);
        if ((flags & 1) != 0 && bytes.length >= MIN_V2_CHUNK_LENGTH) {
            if ((flags & 2) != 0) {
                chunk.putInt(LENGTH_OFFSET, bytes.length, ByteOrder.LITTLE_ENDIAN);
            }
            int length = chunk.getInt(LENGTH_OFFSET, ByteOrder.LITTLE_ENDIAN);
            if (length >= MIN_V2_CHUNK_LENGTH && length <= bytes.length) {
                chunk.putInt(length - CHECKSUM_LENGTH, checksum.compute(chunk, 0, length - CHECKSUM_LENGTH),
                    ByteOrder.LITTLE_ENDIAN);
            }
        }

        int length;
        try {
            length = decoder.decode(chunk, 0, bytes.length, decoded);
        } catch (CorruptChunkException expected) {
            return;
        }
        ChunkHeader header = new ChunkHeader().wrap(chunk, 0);
        assertTrue(length >= MIN_V2_CHUNK_LENGTH && length <= bytes.length, "decoded length " + length);
        assertEquals(header.count(), decoded.size());
        assertEquals(header.valueType(), decoded.type());
        decoder.constantQuality(chunk, header);   // any answer, but no exception

        if (decoded.size() > MAX_REENCODED) {
            return;   // a legal but huge chunk (a run of millions): decoding it was the test, re-encoding is slow
        }
        // What was decoded is a valid chunk's content: it encodes and decodes back bit for bit.
        int written = encoder.encode(decoded, reencoded, 0);
        assertEquals(written, decoder.decode(reencoded, 0, written, again));
        int n = decoded.size();
        assertEquals(n, again.size());
        assertArrayEquals(Arrays.copyOf(decoded.timestamps(), n), Arrays.copyOf(again.timestamps(), n));
        assertArrayEquals(Arrays.copyOf(decoded.qualities(), n), Arrays.copyOf(again.qualities(), n));
        if (decoded.type() == ValueType.STRING) {
            for (int i = 0; i < n; i++) {
                assertEquals(decoded.stringValue(i), again.stringValue(i), "string " + i);
            }
        } else {
            assertArrayEquals(Arrays.copyOf(decoded.values(), n), Arrays.copyOf(again.values(), n));
        }
    }

    /**
     * One column codec on its own, where the column's length is exactly the bytes given (inside a
     * chunk the header says it): decodes or throws {@link CorruptColumnException}; what decodes
     * encodes again with the same codec and decodes to the same values.
     */
    private void decodeColumn(byte[] input) {
        if (input.length < 4) {
            return;
        }
        LongColumnCodec codec = codecs.byId(input[1] & 0xFF);
        if (codec == null) {
            return;
        }
        int count = (input[2] & 0xFF) | (input[3] & 0xFF) << 8;
        if (column.length < count) {
            column = new long[count];
            columnAgain = new long[count];
        }
        UnsafeBuffer bytes = new UnsafeBuffer(input);
        try {
            codec.decode(bytes, 4, input.length - 4, count, column);
        } catch (CorruptColumnException expected) {
            return;
        }
        int written = codec.encode(column, count, reencoded, 0);
        codec.decode(reencoded, 0, written, count, columnAgain);
        assertArrayEquals(Arrays.copyOf(column, count), Arrays.copyOf(columnAgain, count), "codec " + codec.id());
    }
}
