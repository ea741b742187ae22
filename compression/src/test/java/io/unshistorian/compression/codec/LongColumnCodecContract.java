package io.unshistorian.compression.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import io.unshistorian.compression.AdversarialColumns;
import io.unshistorian.testkit.SeededRandom;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LongColumnCodec} keeps: bit-exact round trips of any column, including
 * adversarial ones, at any buffer offset; and a clean {@link CorruptColumnException} (never a hang,
 * a foreign exception or an out-of-memory) for truncated or damaged bytes. Each codec's test
 * extends this class.
 */
abstract class LongColumnCodecContract {
    /** A fresh codec under test. */
    protected abstract LongColumnCodec newCodec();

    @Test
    void roundTripsAdversarialColumns() {
        long seed = SeededRandom.seed(getClass().getSimpleName() + ".roundTripsAdversarialColumns");
        LongColumnCodec codec = newCodec();
        for (AdversarialColumns.Case column : AdversarialColumns.cases(SeededRandom.random(seed))) {
            assertRoundTrip(codec, column.values(), 0, "case=" + column + " seed=" + seed);
            assertRoundTrip(codec, column.values(), 13, "case=" + column + " at odd offset, seed=" + seed);
        }
    }

    @Test
    void roundTripsRandomPrefixes() {
        long seed = SeededRandom.seed(getClass().getSimpleName() + ".roundTripsRandomPrefixes");
        SplittableRandom random = SeededRandom.random(seed);
        LongColumnCodec codec = newCodec();
        for (AdversarialColumns.Case column : AdversarialColumns.cases(random)) {
            for (int trial = 0; trial < 5 && column.values().length > 0; trial++) {
                int count = random.nextInt(column.values().length + 1);
                assertRoundTrip(codec, Arrays.copyOf(column.values(), count), random.nextInt(16),
                    "case=" + column + " prefix=" + count + " seed=" + seed);
            }
        }
    }

    @Test
    void roundTripsOneMillionValues() {
        long seed = SeededRandom.seed(getClass().getSimpleName() + ".roundTripsOneMillionValues");
        SplittableRandom random = SeededRandom.random(seed);
        long[] values = new long[1_000_000];
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i < values.length; i++) {
            t += random.nextInt(20) == 0 ? random.nextLong(-10_000_000L, 10_000_000_000L) : 1_000_000_000L;
            values[i] = t;
        }
        assertRoundTrip(newCodec(), values, 0, "1e6 timestamps seed=" + seed);
    }

    @Test
    void reusedInstanceGivesTheSameBytes() {
        LongColumnCodec codec = newCodec();
        long[] first = AdversarialColumns.regular(1000, 5, 7);
        long[] second = {Long.MIN_VALUE, 3, Long.MAX_VALUE};
        ExpandableArrayBuffer a = new ExpandableArrayBuffer();
        ExpandableArrayBuffer b = new ExpandableArrayBuffer();
        int lengthA = codec.encode(first, first.length, a, 0);
        codec.encode(second, second.length, b, 0);
        int lengthAgain = codec.encode(first, first.length, b, 0);
        assertArrayEquals(Arrays.copyOf(a.byteArray(), lengthA), Arrays.copyOf(b.byteArray(), lengthAgain));
    }

    @Test
    void truncatedColumnsFailCleanly() {
        LongColumnCodec codec = newCodec();
        long[] values = AdversarialColumns.regular(200, 1_000, 17);
        values[100] = Long.MIN_VALUE;
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = codec.encode(values, values.length, buffer, 0);
        for (int cut = 0; cut < length; cut++) {
            int truncated = cut;
            UnsafeBuffer view = new UnsafeBuffer(buffer.byteArray(), 0, truncated);
            assertThrows(CorruptColumnException.class,
                () -> codec.decode(view, 0, truncated, values.length, new long[values.length]),
                "truncated to " + truncated + " of " + length + " bytes");
        }
    }

    @Test
    void damagedBytesNeverHangOrThrowForeignExceptions() {
        long seed = SeededRandom.seed(getClass().getSimpleName() + ".damagedBytesNeverHangOrThrowForeignExceptions");
        SplittableRandom random = SeededRandom.random(seed);
        LongColumnCodec codec = newCodec();
        long[] values = AdversarialColumns.cases(random).get(15).values();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        int length = codec.encode(values, values.length, buffer, 0);
        long[] out = new long[values.length];
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int trial = 0; trial < 2000; trial++) {
                byte[] damaged = Arrays.copyOf(buffer.byteArray(), length);
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    damaged[random.nextInt(length)] ^= (byte) (1 + random.nextInt(255));
                }
                try {
                    codec.decode(new UnsafeBuffer(damaged), 0, length, values.length, out);
                } catch (CorruptColumnException expected) {
                    // the clean failure
                } catch (RuntimeException e) {
                    fail("trial " + trial + " seed=" + seed + " threw " + e, e);
                }
            }
        });
    }

    static void assertRoundTrip(LongColumnCodec codec, long[] values, int offset, String context) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        int length = codec.encode(values, values.length, buffer, offset);
        long[] decoded = new long[values.length + 1];
        decoded[values.length] = 0x5EED;
        // A view of exactly the encoded bytes: reading one byte past them would fail loudly.
        UnsafeBuffer exact = new UnsafeBuffer(buffer.byteArray(), offset, length);
        try {
            codec.decode(exact, 0, length, values.length, decoded);
        } catch (RuntimeException e) {
            throw new AssertionError("decode failed, " + context + ": " + e, e);
        }
        for (int i = 0; i < values.length; i++) {
            if (decoded[i] != values[i]) {
                fail("value " + i + " differs: expected " + Long.toHexString(values[i]) + " got "
                    + Long.toHexString(decoded[i]) + ", " + context);
            }
        }
        if (decoded[values.length] != 0x5EED) {
            fail("decoder wrote past count, " + context);
        }
    }
}
