package io.unshistorian.compression.chunk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import io.unshistorian.compression.codec.CodecIds;
import io.unshistorian.compression.codec.LongColumnCodec;
import io.unshistorian.compression.codec.LongColumnCodecs;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * Writes the committed seed inputs of this module's fuzz targets (docs/fuzzing.md) with the real
 * encoder: a chunk of every value type, and a column of every codec. Not part of the suite (its name does not
 * end in Test); run it when the format changes:
 * {@code mvn -o test -pl compression -Dtest=WriteFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WriteFuzzSeeds {
    private static final Path RESOURCES = Path.of("src/test/resources/io/unshistorian/compression/chunk");
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @Test
    void write() throws IOException {
        Path decode = RESOURCES.resolve("ChunkDecoderFuzzerInputs/decode");
        // A flag byte (bit 0: recompute the CRC, bit 1: the length field too), then the chunk.
        seed(decode, "seed-double-gorilla", flagged(0, chunk(doubles(false))));
        seed(decode, "seed-double-decimal", flagged(0, chunk(doubles(true))));
        seed(decode, "seed-long-counter", flagged(0, chunk(longs())));
        seed(decode, "seed-boolean", flagged(0, chunk(booleans())));
        seed(decode, "seed-string-states", flagged(0, chunk(strings())));
        seed(decode, "seed-irregular-raw", flagged(0, chunk(irregular())));
        seed(decode, "seed-empty", flagged(0, chunk(new SampleColumns(ValueType.LONG, 1))));
        seed(decode, "seed-double-decimal-fix-checksum", flagged(1, chunk(doubles(true))));
        seed(decode, "seed-string-states-fix-length-and-checksum", flagged(3, chunk(strings())));

        // Flag 0x80: one column for one codec (codec id, u16 count, the column as that codec writes it).
        LongColumnCodecs codecs = new LongColumnCodecs();
        SampleColumns decimals = doubles(true);
        for (int id = CodecIds.RAW; id <= CodecIds.DECIMAL_NEAR; id++) {
            LongColumnCodec codec = codecs.byId(id);
            long[] values = id == CodecIds.GORILLA_XOR || id == CodecIds.DECIMAL || id == CodecIds.DECIMAL_NEAR
                ? decimals.values()
                : id == CodecIds.RUN_LENGTH || id == CodecIds.BIT_PACKED ? decimals.qualities() : decimals.timestamps();
            seed(decode, "seed-column-codec-" + id, column(codec, values, decimals.size()));
        }

        Path roundTrip = RESOURCES.resolve("ChunkRoundTripFuzzerInputs/roundTrip");
        // type, step exponent, t0, then per sample: control byte (and what it asks for)
        seed(roundTrip, "seed-double-regular", roundTripInput(0, 30, 0x14, 0x04, 0x14, 0xfc, 0x00, 0x14, 0x01));
        seed(roundTrip, "seed-long-jitter", roundTripInput(1, 20, 0x05, 0x06, 0x01, 0x05, 0x09, 0x02, 0x06, 0x03));
        seed(roundTrip, "seed-double-special", roundTripInput(0, 0, 0x0c, 0x00, 0x0c, 0x01, 0x0c, 0x02,
            0x3c, 0x03));
        seed(roundTrip, "seed-string", roundTripInput(3, 10, 0x80, 3, 'R', 'U', 'N', 0x80, 2, 'O', 'K', 0x00, 0x30));
        seed(roundTrip, "seed-boolean", roundTripInput(2, 33, 0x40, 0x00, 0x40, 0x40, 0x00));
    }

    private static byte[] roundTripInput(int type, int stepExponent, int... samples) {
        ByteBuffer bytes = ByteBuffer.allocate(10 + samples.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put((byte) type).put((byte) stepExponent).putLong(T0);
        for (int b : samples) {
            bytes.put((byte) b);
        }
        return bytes.array();
    }

    private static SampleColumns doubles(boolean decimal) {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 64);
        for (int i = 0; i < 64; i++) {
            double value = 20 + Math.sin(i / 5.0);
            samples.addDouble(T0 + i * SECOND, decimal ? Math.round(value * 100) / 100.0 : value,
                i == 40 ? Quality.BAD : Quality.GOOD);
        }
        samples.addDouble(T0 + 64 * SECOND, Double.NaN, Quality.GOOD);
        samples.addDouble(T0 + 65 * SECOND, -0.0, Quality.UNCERTAIN);
        return samples;
    }

    private static SampleColumns longs() {
        SampleColumns samples = new SampleColumns(ValueType.LONG, 300);
        for (int i = 0; i < 300; i++) {
            samples.addLong(T0 + i * 100_000_000L + (i % 7 == 0 ? 3_000 : 0), 1_000_000L + i * 3L, Quality.GOOD);
        }
        return samples;
    }

    private static SampleColumns booleans() {
        SampleColumns samples = new SampleColumns(ValueType.BOOLEAN, 40);
        for (int i = 0; i < 40; i++) {
            samples.addBoolean(T0 + i * SECOND, i % 3 == 0, Quality.GOOD);
        }
        return samples;
    }

    private static SampleColumns strings() {
        SampleColumns samples = new SampleColumns(ValueType.STRING, 20);
        String[] states = {"RUNNING", "IDLE", "Störung ⚠", "RUNNING", ""};
        for (int i = 0; i < 20; i++) {
            samples.addString(T0 + i * 60 * SECOND, states[i % states.length], i == 7 ? Quality.BAD : Quality.GOOD);
        }
        return samples;
    }

    private static SampleColumns irregular() {
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 8);
        long[] times = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 42, 42, 7};
        for (int i = 0; i < times.length; i++) {
            samples.add(times[i], 0x7ff0_0000_0000_0001L * i, i * 0x1234_5678);
        }
        return samples;
    }

    private static byte[] chunk(SampleColumns samples) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 12);
        int length = new ChunkEncoder().encode(samples, buffer, 0);
        byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static byte[] column(LongColumnCodec codec, long[] values, int count) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 12);
        int length = codec.encode(values, count, buffer, 4);
        buffer.putByte(0, (byte) 0x80);
        buffer.putByte(1, (byte) codec.id());
        buffer.putShort(2, (short) count, ByteOrder.LITTLE_ENDIAN);
        byte[] bytes = new byte[4 + length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static byte[] flagged(int flags, byte[] content) {
        byte[] input = new byte[content.length + 1];
        input[0] = (byte) flags;
        System.arraycopy(content, 0, input, 1, content.length);
        return input;
    }

    private static void seed(Path directory, String name, byte[] input) throws IOException {
        Files.createDirectories(directory);
        Files.write(directory.resolve(name), input);
    }
}
