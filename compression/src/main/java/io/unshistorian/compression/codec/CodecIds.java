package io.unshistorian.compression.codec;

/**
 * The column codec ids written on disk. Each is an explicit, permanent number: a chunk names the
 * codec of each column with one of these bytes, so a number is never reused for another codec.
 * The specification is {@code docs/format/chunk.md}.
 */
public final class CodecIds {
    /** 64-bit little-endian values, no compression; the fallback that bounds the worst case. */
    public static final int RAW = 1;
    /** Gorilla delta-of-delta with a per-column common divisor; for timestamps and counters. */
    public static final int DELTA_OF_DELTA = 2;
    /** Gorilla XOR of the raw 64-bit patterns of doubles. */
    public static final int GORILLA_XOR = 3;
    /** (value, run length) pairs as varints; for quality codes, booleans and rare state changes. */
    public static final int RUN_LENGTH = 4;
    /** Frame of reference: the minimum, then every value minus it in a fixed bit width. */
    public static final int BIT_PACKED = 5;
    /** Doubles as decimal integers: value x 10^e exactly, exceptions kept raw, integers as {@link #DELTA_FOR}. */
    public static final int DECIMAL = 6;
    /** As {@link #DECIMAL}, but an exception is the XOR of its bits with the nearest decimal's (written now). */
    public static final int DECIMAL_NEAR = 8;
    /** Steps (divided by their common divisor) as frame-of-reference bit-packing in blocks of 128. */
    public static final int DELTA_FOR = 7;
    /** Zigzag varints of the steps: whole bytes for the entropy stage to model. */
    public static final int DELTA_VARINT = 9;
    /** Zigzag varints of each value's distance to the mean of the eight before it: noisy gauges, under zstd. */
    public static final int MEAN_VARINT = 10;
    /** The first value and runs of equal steps: regular timestamps in a few bytes. */
    public static final int STEP_RUNS = 11;
    /** A string dictionary followed by a column of dictionary indices in one of the codecs above. */
    public static final int DICTIONARY = 16;

    private CodecIds() {
    }
}
