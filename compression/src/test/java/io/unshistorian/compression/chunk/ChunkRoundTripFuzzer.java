package io.unshistorian.compression.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.unshistorian.testkit.FuzzCorpus;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): any samples the fuzzer makes up encode into a chunk that decodes
 * to the same samples bit for bit — timestamps in any order and spacing, every double bit pattern
 * (NaN payloads, -0.0, infinities, subnormals), any long, any quality code, any UTF-16 text that
 * survives UTF-8 — whichever codec the encoder picks for each column.
 *
 * <p>Input: a type byte, a step exponent and a first timestamp, then per sample a control byte
 * that says how the timestamp, the value and the quality follow from the previous sample (same,
 * a step, a small change, or raw bytes), so both regular columns (the compressing codecs' fast
 * paths) and adversarial ones are near.
 */
class ChunkRoundTripFuzzer {
    private static final double[] SPECIAL = {Double.NaN, Double.longBitsToDouble(0x7ff0_0000_0000_0001L),
        Double.longBitsToDouble(0xfff8_dead_beef_0000L), -0.0, 0.0, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_NORMAL, Double.MAX_VALUE, 1e15, 0.1,
        9.007199254740993E15};
    private static final String[] STATES = {"RUNNING", "IDLE", "", "Störung ⚠", "\uD83D\uDE00"};
    private static final int MAX_SAMPLES = 4096;

    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ChunkEncoder entropyEncoder = new ChunkEncoder(true, 1);
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 16);
    private final SampleColumns decoded = new SampleColumns(ValueType.DOUBLE, 16);
    private final ExpandableArrayBuffer chunk = new ExpandableArrayBuffer(1 << 12);

    @BeforeAll
    static void corpus() throws IOException {
        FuzzCorpus.perTarget(ChunkRoundTripFuzzer.class);
    }

    @FuzzTest(maxDuration = "10s")
    void roundTrip(byte[] input) {
        Reader in = new Reader(input);
        int mode = in.u8();
        ValueType type = ValueType.values()[mode & 3];
        long step = 1L << (in.u8() % 41);
        long t = in.i64();
        long value = 0;
        int quality = 0;
        samples.reset(type);
        while (in.remaining() > 0 && samples.size() < MAX_SAMPLES) {
            int control = in.u8();
            switch (control & 3) {
                case 0:
                    t += step;
                    break;
                case 1:
                    t += step * in.i8();
                    break;
                case 2:
                    t += in.i8();
                    break;
                default:
                    t = in.i64();
            }
            switch ((control >>> 2) & 3) {
                case 0:
                    break;
                case 1:
                    value = type == ValueType.DOUBLE
                        ? Double.doubleToRawLongBits(Math.round(Double.longBitsToDouble(value) * 100 + in.i8()) / 100.0)
                        : value + in.i8();
                    break;
                case 2:
                    value = in.i64();
                    break;
                default:
                    value = Double.doubleToRawLongBits(SPECIAL[in.u8() % SPECIAL.length]);
            }
            switch ((control >>> 4) & 3) {
                case 0:
                    quality = Quality.GOOD;
                    break;
                case 1:
                    break;
                case 2:
                    quality = (int) in.i64();
                    break;
                default:
                    quality = Quality.BAD;
            }
            switch (type) {
                case DOUBLE:
                case LONG:
                    samples.add(t, value, quality);
                    break;
                case BOOLEAN:
                    samples.addBoolean(t, (control & 0x40) != 0, quality);
                    break;
                default:
                    String text = (control & 0x80) != 0 ? in.text() : STATES[(int) (value & 0x7fff) % STATES.length];
                    samples.addString(t, text, quality);
            }
        }

        int length = ((mode & 4) != 0 ? entropyEncoder : encoder).encode(samples, chunk, 0);
        assertEquals(length, decoder.decode(chunk, 0, length, decoded));
        int n = samples.size();
        assertEquals(n, decoded.size());
        assertEquals(type, decoded.type());
        for (int i = 0; i < n; i++) {
            assertEquals(samples.timestamp(i), decoded.timestamp(i), "timestamp " + i);
            assertEquals(samples.quality(i), decoded.quality(i), "quality " + i);
            if (type == ValueType.STRING) {
                assertEquals(samples.stringValue(i), decoded.stringValue(i), "string " + i);
            } else {
                assertEquals(samples.valueBits(i), decoded.valueBits(i), "value bits " + i);
            }
        }
    }

    /** Reads the fuzzer's bytes; past the end every read is 0. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        int remaining() {
            return bytes.length - at;
        }

        int u8() {
            return at < bytes.length ? bytes[at++] & 0xFF : 0;
        }

        int i8() {
            return (byte) u8();
        }

        long i64() {
            long value = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                value |= (long) u8() << (8 * i);
            }
            return value;
        }

        /** Up to 31 bytes as UTF-8 (malformed sequences become U+FFFD, as a String holds them). */
        String text() {
            int length = Math.min(u8() & 31, remaining());
            String text = new String(bytes, at, length, StandardCharsets.UTF_8);
            at += length;
            return text;
        }
    }
}
