package io.unshistorian.compression.codec;

import org.junit.jupiter.api.Test;

/** The decimal codec as written now (id 8, exceptions XORed against the nearest decimal). */
class DecimalCodecTest extends LongColumnCodecContract {
    private static final long[] SPECIALS = {Double.doubleToRawLongBits(Double.NaN), 0x7FF0_0000_0000_0123L,
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Long.MIN_VALUE, Long.MAX_VALUE, 0L, 1L};

    @Override
    protected LongColumnCodec newCodec() {
        return new DecimalCodec();
    }

    /**
     * Decimal columns whose integer steps take every width up to 53 bits, at every exponent class,
     * with NaN, -0.0, infinities and odd bit patterns among them; lengths not multiples of a block.
     */
    @Test
    void roundTripsEveryIntegerStepWidthWithSpecials() {
        for (LongColumnCodec codec : new LongColumnCodec[] {new DecimalCodec(), new DecimalCodec(true, true),
            new DecimalCodec(false)}) {
            for (int exponent : new int[] {0, 2, 8, 15}) {
                double power = Math.pow(10, exponent);
                for (int width = 0; width <= 53; width++) {
                    for (int count : new int[] {1, 127, 129, 300}) {
                        long[] values = new long[count];
                        long span = width == 0 ? 0 : (1L << (width - 1)) - 1;
                        long integer = 0;
                        for (int i = 0; i < count; i++) {
                            integer = (i % 4 == 0 ? -integer : integer + (i % 2 == 0 ? span : -span / 3)) % (1L << 52);
                            values[i] = Double.doubleToRawLongBits(integer / power);
                            if (i % 37 == 11) {
                                values[i] = SPECIALS[(i / 37) % SPECIALS.length];
                            }
                        }
                        assertRoundTrip(codec, values, 3, codec.getClass().getSimpleName() + " id=" + codec.id()
                            + " e=" + exponent + " width=" + width + " count=" + count);
                    }
                }
            }
        }
    }
}
