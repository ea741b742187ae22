package io.unshistorian.benchmarks.codec;

import io.unshistorian.compression.chunk.SampleColumns;

import fi.iki.yak.ts.compression.gorilla.GorillaCompressor;
import fi.iki.yak.ts.compression.gorilla.GorillaDecompressor;
import fi.iki.yak.ts.compression.gorilla.LongArrayInput;
import fi.iki.yak.ts.compression.gorilla.LongArrayOutput;
import fi.iki.yak.ts.compression.gorilla.Pair;

/**
 * The published Gorilla implementation ({@code fi.iki.yak:compression-gorilla}) used as it is meant
 * to be: millisecond timestamps and double values into a long[] bit stream. It stores neither
 * quality codes nor statistics, and its decoder allocates a {@link Pair} per sample.
 */
public final class GorillaBaseline {
    private GorillaBaseline() {
    }

    /** Encodes one series (timestamps converted to ms, as the baseline expects). */
    public static long[] encode(SampleColumns series) {
        LongArrayOutput output = new LongArrayOutput();
        long first = series.size() == 0 ? 0 : series.timestamp(0) / 1_000_000L;
        GorillaCompressor compressor = new GorillaCompressor(first, output);
        long[] timestamps = series.timestamps();
        long[] values = series.values();
        for (int i = 0; i < series.size(); i++) {
            compressor.addValue(timestamps[i] / 1_000_000L, Double.longBitsToDouble(values[i]));
        }
        compressor.close();
        return output.getLongArray();
    }

    /** Decodes a stream; returns the number of samples and feeds them to {@code sink} as it goes. */
    public static int decode(long[] encoded, long[] timestampsOut, long[] valueBitsOut) {
        GorillaDecompressor decompressor = new GorillaDecompressor(new LongArrayInput(encoded));
        int count = 0;
        for (Pair pair = decompressor.readPair(); pair != null; pair = decompressor.readPair()) {
            timestampsOut[count] = pair.getTimestamp();
            valueBitsOut[count] = Double.doubleToRawLongBits(pair.getDoubleValue());
            count++;
        }
        return count;
    }

    public static long bytes(long[] encoded) {
        return (long) encoded.length * Long.BYTES;
    }
}
