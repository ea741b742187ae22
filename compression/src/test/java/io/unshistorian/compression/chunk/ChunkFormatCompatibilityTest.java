package io.unshistorian.compression.chunk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.unshistorian.compression.codec.CodecIds;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Chunks written by earlier builds must keep reading. The committed files under
 * {@code chunk-format/} are such chunks; their provenance is in each file's comment lines.
 */
class ChunkFormatCompatibilityTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void version1ExampleStillDecodes() throws IOException {
        byte[] chunk = readHex("/chunk-format/v1-example.hex");
        SampleColumns decoded = new SampleColumns(ValueType.LONG, 1);
        assertEquals(123, new ChunkDecoder().decode(new UnsafeBuffer(chunk), 0, chunk.length, decoded));
        assertSameSamples(example(), decoded);

        ChunkHeader header = new ChunkHeader().wrap(new UnsafeBuffer(chunk), 0);
        assertEquals(3, header.aggregatableCount());
        assertFalse(header.hasStatistics());   // they leave the Bad sample out: no query may use them
        assertEquals(61.75, header.sum());
        assertEquals(CodecIds.DELTA_OF_DELTA, header.timestampCodec());
        assertEquals(CodecIds.GORILLA_XOR, header.valueCodec());
        assertEquals(CodecIds.RUN_LENGTH, header.qualityCodec());
    }

    @Test
    void version2ExampleDecodes() throws IOException {
        byte[] chunk = readHex("/chunk-format/v2-example.hex");
        SampleColumns decoded = new SampleColumns(ValueType.LONG, 1);
        assertEquals(63, new ChunkDecoder().decode(new UnsafeBuffer(chunk), 0, chunk.length, decoded));
        assertSameSamples(example(), decoded);

        ChunkHeader header = new ChunkHeader().wrap(new UnsafeBuffer(chunk), 0);
        assertEquals(2, header.version());
        assertEquals(4, header.count());
        assertEquals(T0, header.minTime());
        assertEquals(T0 + 4_000_000_000L, header.maxTime());
        assertFalse(header.hasStatistics());
        assertEquals(CodecIds.DELTA_OF_DELTA, header.timestampCodec());
        assertEquals(CodecIds.GORILLA_XOR, header.valueCodec());
        assertEquals(CodecIds.RUN_LENGTH, header.qualityCodec());
    }

    @Test
    void version1ChunkWithDecimalAndFrameOfReferenceCodecsStillDecodes() throws IOException {
        byte[] chunk = readHex("/chunk-format/v1-decimal-example.hex");
        SampleColumns decoded = new SampleColumns(ValueType.LONG, 1);
        new ChunkDecoder().decode(new UnsafeBuffer(chunk), 0, chunk.length, decoded);
        ChunkHeader header = new ChunkHeader().wrap(new UnsafeBuffer(chunk), 0);
        assertEquals(CodecIds.DELTA_FOR, header.timestampCodec());
        assertEquals(CodecIds.DECIMAL, header.valueCodec());
        assertEquals(200, decoded.size());
        for (int i = 0; i < 200; i++) {
            assertEquals(T0 + i * 1_000_000_000L, decoded.timestamp(i));
            double expected = i == 100 ? Double.NaN : Math.round((20 + Math.sin(i / 10.0)) * 100) / 100.0;
            assertEquals(Double.doubleToRawLongBits(expected), decoded.valueBits(i), "value " + i);
            assertEquals(i == 150 ? Quality.BAD : Quality.GOOD, decoded.quality(i));
        }
    }

    /**
     * The encoder still writes the documented example byte for byte. When a later codec choice
     * changes these bytes on purpose, keep the old file (it must still decode, above), add the new
     * bytes as a new example, and update the worked example in docs/format/chunk.md.
     */
    @Test
    void encoderStillWritesTheDocumentedExample() throws IOException {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = new ChunkEncoder().encode(example(), buffer, 0);
        assertArrayEquals(readHex("/chunk-format/v2-example.hex"), Arrays.copyOf(buffer.byteArray(), length));
    }

    private static SampleColumns example() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 4);
        samples.addDouble(T0, 20.5, Quality.GOOD);
        samples.addDouble(T0 + 1_000_000_000L, 20.5, Quality.GOOD);
        samples.addDouble(T0 + 2_000_000_000L, 20.75, Quality.GOOD);
        samples.addDouble(T0 + 4_000_000_000L, 20.75, Quality.BAD);
        return samples;
    }

    private static void assertSameSamples(SampleColumns expected, SampleColumns actual) {
        ChunkAssertions.assertSameSamples(expected, actual, "v1 example");
    }

    static byte[] readHex(String resource) throws IOException {
        try (InputStream in = ChunkFormatCompatibilityTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                for (String hex : line.trim().split("\\s+")) {
                    bytes.write(Integer.parseInt(hex, 16));
                }
            }
            return bytes.toByteArray();
        }
    }
}
