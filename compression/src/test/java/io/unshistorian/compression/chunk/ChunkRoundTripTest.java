package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkAssertions.assertSameSamples;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import io.unshistorian.compression.AdversarialColumns;
import io.unshistorian.testkit.SeededRandom;
import io.unshistorian.compression.codec.CodecIds;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChunkRoundTripTest {
    private static final String[] STATES = {"RUNNING", "IDLE", "STOPPED", "FAULT", "SETUP", "Störung ⚠"};

    private final ChunkEncoder encoder = new ChunkEncoder();
    /** The entropy stage on and statistics on every chunk: the other paths of the format. */
    private final ChunkEncoder entropyEncoder = new ChunkEncoder(true, 1);
    private final ChunkDecoder decoder = new ChunkDecoder();

    @Test
    void everyValueTypeRoundTripsOnAdversarialTimestamps() {
        long seed = SeededRandom.seed("ChunkRoundTripTest.everyValueTypeRoundTripsOnAdversarialTimestamps");
        SplittableRandom random = SeededRandom.random(seed);
        for (AdversarialColumns.Case timestamps : AdversarialColumns.cases(random)) {
            for (ValueType type : ValueType.values()) {
                SampleColumns samples = randomSamples(type, timestamps.values(), random);
                assertRoundTrip(samples, "type=" + type + " timestamps=" + timestamps + " seed=" + seed);
            }
        }
    }

    @Test
    void doubleValuesRoundTripOnAdversarialBitPatterns() {
        long seed = SeededRandom.seed("ChunkRoundTripTest.doubleValuesRoundTripOnAdversarialBitPatterns");
        SplittableRandom random = SeededRandom.random(seed);
        for (AdversarialColumns.Case values : AdversarialColumns.cases(random)) {
            SampleColumns samples = new SampleColumns(ValueType.DOUBLE, values.values().length);
            long t = 1_700_000_000_000_000_000L;
            for (long bits : values.values()) {
                t += 1_000_000_000L;
                samples.add(t, bits, random.nextInt(20) == 0 ? Quality.BAD : Quality.GOOD);
            }
            assertRoundTrip(samples, "values=" + values + " seed=" + seed);
        }
    }

    @Test
    void oneMillionSamplesRoundTrip() {
        long seed = SeededRandom.seed("ChunkRoundTripTest.oneMillionSamplesRoundTrip");
        SplittableRandom random = SeededRandom.random(seed);
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 1_000_000);
        long t = 1_700_000_000_000_000_000L;
        double value = 20;
        for (int i = 0; i < 1_000_000; i++) {
            t += 1_000_000_000L + (random.nextInt(10) == 0 ? random.nextInt(0, 3_000_000) : 0);
            value += random.nextGaussian() * 0.01;
            samples.addDouble(t, Math.round(value * 100) / 100.0, 0);
        }
        assertRoundTrip(samples, "1e6 samples seed=" + seed);
    }

    @Test
    void emptyAndSingleSampleChunks() {
        for (ValueType type : ValueType.values()) {
            assertRoundTrip(new SampleColumns(type, 1), "empty " + type);
            SampleColumns one = new SampleColumns(type, 1);
            one.add(Long.MIN_VALUE, type == ValueType.STRING ? one.dictionary().indexOf("x") : 1, Quality.UNCERTAIN);
            assertRoundTrip(one, "single " + type);
        }
    }

    @Test
    void decodesFromHeapDirectAndOffsetBuffers() {
        SampleColumns samples = randomSamples(ValueType.DOUBLE, AdversarialColumns.regular(500, 0, 1_000_000L),
            new SplittableRandom(1));
        ExpandableArrayBuffer encoded = new ExpandableArrayBuffer();
        int length = encoder.encode(samples, encoded, 0);
        SampleColumns decoded = new SampleColumns(ValueType.LONG, 1);

        ByteBuffer direct = ByteBuffer.allocateDirect(length + 100);
        direct.position(37);
        direct.put(encoded.byteArray(), 0, length);
        decoder.decode(new UnsafeBuffer(direct, 37, length), 0, length, decoded);
        assertSameSamples(samples, decoded, "direct slice");

        UnsafeBuffer wholeDirect = new UnsafeBuffer(direct);
        decoder.decode(wholeDirect, 37, length, decoded);
        assertSameSamples(samples, decoded, "direct at offset");

        byte[] heap = new byte[length + 11];
        encoded.getBytes(0, heap, 11, length);
        decoder.decode(new UnsafeBuffer(heap, 11, length), 0, length, decoded);
        assertSameSamples(samples, decoded, "heap slice");
    }

    @Test
    void constantQualityCostsAFewBytesPerChunk() {
        SampleColumns samples = randomSamples(ValueType.DOUBLE, AdversarialColumns.regular(100_000, 0, 1_000_000_000L),
            new SplittableRandom(2));
        for (int i = 0; i < samples.size(); i++) {
            samples.qualities()[i] = 0;
        }
        ExpandableArrayBuffer encoded = new ExpandableArrayBuffer();
        encoder.encode(samples, encoded, 0);
        ChunkHeader header = new ChunkHeader().wrap(encoded, 0);
        assertTrue(header.qualityLength() <= 4, "quality column of " + header.qualityLength() + " bytes");
        assertTrue(header.qualityCodec() == CodecIds.RUN_LENGTH || header.qualityCodec() == CodecIds.BIT_PACKED,
            "quality codec " + header.qualityCodec());
        // Gorilla spends one bit per regular timestamp after the first.
        assertTrue(header.timestampLength() <= 100_000 / 8 + 16,
            "regular 1 s timestamps cost " + header.timestampLength() + " bytes");
    }

    @Test
    void refusesChunksBeyondTheSampleLimit() {
        SampleColumns samples = new SampleColumns(ValueType.BOOLEAN, 1);
        samples.size(ChunkDescriptor.MAX_SAMPLES + 1);
        assertThrows(IllegalArgumentException.class, () -> encoder.encode(samples, new ExpandableArrayBuffer(), 0));
    }

    private void assertRoundTrip(SampleColumns samples, String context) {
        for (ChunkEncoder chunkEncoder : new ChunkEncoder[] {encoder, entropyEncoder}) {
            ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
            int length = chunkEncoder.encode(samples, buffer, 5);
            SampleColumns decoded = new SampleColumns(ValueType.BOOLEAN, 1);
            int read = decoder.decode(new UnsafeBuffer(buffer.byteArray(), 5, length), 0, length, decoded);
            assertEquals(length, read, context);
            assertSameSamples(samples, decoded, context);
        }
    }

    @Test
    void entropyStageShrinksRepetitiveColumnsAndStillRoundTrips() {
        // A periodic signal: the same 24 values over and over, which no codec of ours sees as repeating.
        SampleColumns samples = new SampleColumns(ValueType.DOUBLE, 10_000);
        SplittableRandom random = new SplittableRandom(3);
        double[] period = random.doubles(24, -1000, 1000).toArray();
        for (int i = 0; i < 10_000; i++) {
            samples.addDouble(1_700_000_000_000_000_000L + i * 60_000_000_000L, period[i % 24], Quality.GOOD);
        }
        ExpandableArrayBuffer plain = new ExpandableArrayBuffer();
        ExpandableArrayBuffer entropy = new ExpandableArrayBuffer();
        int plainLength = encoder.encode(samples, plain, 0);
        int entropyLength = entropyEncoder.encode(samples, entropy, 0);
        ChunkHeader header = new ChunkHeader().wrap(entropy, 0);
        assertTrue((header.valueCodec() & ChunkDescriptor.ENTROPY_FLAG) != 0, "value codec " + header.valueCodec());
        assertTrue(entropyLength * 4 < plainLength, entropyLength + " bytes with zstd, " + plainLength + " without");
        SampleColumns decoded = new SampleColumns(ValueType.LONG, 1);
        decoder.decode(entropy, 0, entropyLength, decoded);
        assertSameSamples(samples, decoded, "periodic");
    }

    @Test
    void aStringDictionaryBeyondWhatAReaderUnwrapsStaysOutsideTheEntropyStage() {
        // ~45 MB of distinct, repetitive (so zstd would shrink them) texts: more than a reader accepts
        // as a decoded zstd column, so the column must be written as it is to stay readable.
        SampleColumns samples = new SampleColumns(ValueType.STRING, 11_000);
        String filler = "alarm text ".repeat(370);
        for (int i = 0; i < 11_000; i++) {
            samples.addString(1_700_000_000_000_000_000L + i * 1_000_000_000L, i + filler, Quality.GOOD);
        }
        ExpandableArrayBuffer entropy = new ExpandableArrayBuffer();
        int length = entropyEncoder.encode(samples, entropy, 0);
        SampleColumns decoded = new SampleColumns(ValueType.BOOLEAN, 1);
        assertEquals(length, decoder.decode(entropy, 0, length, decoded));
        assertSameSamples(samples, decoded, "large dictionary");
    }

    static SampleColumns randomSamples(ValueType type, long[] timestamps, SplittableRandom random) {
        SampleColumns samples = new SampleColumns(type, timestamps.length);
        for (long t : timestamps) {
            int quality = random.nextInt(50) == 0 ? random.nextInt() : Quality.GOOD;
            switch (type) {
                case DOUBLE:
                    samples.add(t, AdversarialColumns.SPECIAL_DOUBLE_BITS[random.nextInt(
                        AdversarialColumns.SPECIAL_DOUBLE_BITS.length)] ^ (random.nextInt(3) == 0 ? random.nextLong() : 0),
                        quality);
                    break;
                case LONG:
                    samples.addLong(t, random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(100), quality);
                    break;
                case BOOLEAN:
                    samples.addBoolean(t, random.nextInt(10) == 0, quality);
                    break;
                case STRING:
                    samples.addString(t, STATES[random.nextInt(STATES.length)], quality);
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        return samples;
    }
}
