package io.unshistorian.compression.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import io.unshistorian.compression.AdversarialColumns;
import io.unshistorian.testkit.SeededRandom;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChunkCorruptionTest {
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final SampleColumns out = new SampleColumns(ValueType.DOUBLE, 16);

    @Test
    void everyTruncationIsReported() {
        for (ValueType type : ValueType.values()) {
            byte[] chunk = encode(type, 300);
            for (int cut = 0; cut < chunk.length; cut++) {
                int available = cut;
                CorruptChunkException e = assertThrows(CorruptChunkException.class,
                    () -> decoder.decode(new UnsafeBuffer(chunk, 0, Math.max(available, 1)), 0, available, out),
                    type + " truncated to " + available + " of " + chunk.length);
                assertEquals(0, e.offset());
            }
        }
    }

    @Test
    void everyFlippedByteIsCaughtByTheChecksumOrHeaderChecks() {
        for (ValueType type : ValueType.values()) {
            byte[] chunk = encode(type, 200);
            for (int at = 0; at < chunk.length; at++) {
                for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                    byte[] damaged = chunk.clone();
                    damaged[at] ^= (byte) mask;
                    int position = at;
                    CorruptChunkException e = assertThrows(CorruptChunkException.class,
                        () -> decoder.decode(new UnsafeBuffer(damaged), 0, damaged.length, out),
                        type + " byte " + position + " xor " + mask);
                    assertTrue(e.getMessage().startsWith("corrupt chunk at offset 0: "), e.getMessage());
                }
            }
        }
    }

    @Test
    void checksumMismatchNamesBothValues() {
        byte[] chunk = encode(ValueType.DOUBLE, 50);
        chunk[chunk.length - 10] ^= 0x10;
        CorruptChunkException e = assertThrows(CorruptChunkException.class,
            () -> decoder.decode(new UnsafeBuffer(chunk), 0, chunk.length, out));
        assertTrue(e.getMessage().contains("checksum mismatch: stored 0x"), e.getMessage());
    }

    @Test
    void unknownVersionIsRefusedClearly() {
        byte[] chunk = encode(ValueType.LONG, 10);
        chunk[ChunkDescriptor.VERSION_OFFSET] = 9;
        CorruptChunkException e = assertThrows(CorruptChunkException.class,
            () -> decoder.decode(new UnsafeBuffer(chunk), 0, chunk.length, out));
        assertTrue(e.getMessage().contains("unsupported chunk version 9"), e.getMessage());
    }

    /**
     * Damage that a forger hides from the checksum must still end in a clean exception or a decode,
     * never a hang, an out-of-memory or an exception from deep inside a codec.
     */
    @Test
    void damageBehindAValidChecksumFailsCleanly() {
        long seed = SeededRandom.seed("ChunkCorruptionTest.damageBehindAValidChecksumFailsCleanly");
        SplittableRandom random = SeededRandom.random(seed);
        ChunkChecksum checksum = new ChunkChecksum();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (ValueType type : ValueType.values()) {
                byte[] chunk = encode(type, 500);
                for (int trial = 0; trial < 3000; trial++) {
                    byte[] damaged = chunk.clone();
                    for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                        damaged[random.nextInt(damaged.length - ChunkDescriptor.CHECKSUM_LENGTH)] ^=
                            (byte) (1 + random.nextInt(255));
                    }
                    UnsafeBuffer buffer = new UnsafeBuffer(damaged);
                    int crcAt = damaged.length - ChunkDescriptor.CHECKSUM_LENGTH;
                    buffer.putInt(crcAt, checksum.compute(buffer, 0, crcAt), ByteOrder.LITTLE_ENDIAN);
                    try {
                        decoder.decode(buffer, 0, damaged.length, out);
                    } catch (CorruptChunkException expected) {
                        // clean failure
                    } catch (RuntimeException | OutOfMemoryError e) {
                        fail(type + " trial " + trial + " seed=" + seed + " bytes=" + Arrays.toString(damaged)
                            + " threw " + e, e);
                    }
                }
            }
        });
    }

    private static byte[] encode(ValueType type, int count) {
        SampleColumns samples = ChunkRoundTripTest.randomSamples(type,
            AdversarialColumns.regular(count, 1_700_000_000_000_000_000L, 1_000_000_000L), new SplittableRandom(7));
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = new ChunkEncoder().encode(samples, buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), length);
    }
}
