package io.unshistorian.benchmarks.codec;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.benchmarks.data.BenchmarkDataSets;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.codec.DeltaOfDeltaCodec;
import io.unshistorian.compression.codec.GorillaXorCodec;

import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode throughput of the timestamp and value codecs alone (no chunk framing, statistics or
 * checksum), to see where the time of a chunk encode goes. Values per second in {@code values}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dagrona.disable.bounds.checks=true",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class ColumnCodecBenchmark {
    @Param({"nab_machine_temperature", "skab", BenchmarkDataSets.SYNTHETIC_PLANT})
    public String dataSet;

    private List<SampleColumns> series;
    private long sampleCount;
    private final DeltaOfDeltaCodec deltaOfDelta = new DeltaOfDeltaCodec();
    private final GorillaXorCodec xor = new GorillaXorCodec();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1 << 20);

    /** Values processed, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Values {
        public long values;
    }

    @Setup(Level.Trial)
    public void load() {
        series = BenchmarkDataSets.load(dataSet);
        sampleCount = BenchmarkDataSets.sampleCount(series);
        encodeDecimals();
    }

    @Benchmark
    public int timestampsDeltaOfDelta(Values counter) {
        int bytes = 0;
        for (SampleColumns s : series) {
            bytes += deltaOfDelta.encode(s.timestamps(), s.size(), scratch, 0);
        }
        counter.values += sampleCount;
        return bytes;
    }

    private final io.unshistorian.compression.codec.DecimalCodec decimal = new io.unshistorian.compression.codec.DecimalCodec();
    private final ExpandableArrayBuffer decimalBytes = new ExpandableArrayBuffer(1 << 20);
    private int[] decimalOffsets;
    private long[] decoded = new long[1 << 16];

    private void encodeDecimals() {
        decimalOffsets = new int[series.size() + 1];
        int longest = 0;
        for (int i = 0; i < series.size(); i++) {
            SampleColumns s = series.get(i);
            decimalOffsets[i + 1] = decimalOffsets[i] + decimal.encode(s.values(), s.size(), decimalBytes,
                decimalOffsets[i]);
            longest = Math.max(longest, s.size());
        }
        decoded = new long[longest];
    }

    /** Decoding the decimal value codec alone (integers, then division by 10^e, then exceptions). */
    @Benchmark
    public long valuesDecimalDecode(Values counter) {
        long sum = 0;
        for (int i = 0; i < series.size(); i++) {
            SampleColumns s = series.get(i);
            decimal.decode(decimalBytes, decimalOffsets[i], decimalOffsets[i + 1] - decimalOffsets[i], s.size(), decoded);
            sum += decoded[s.size() - 1];
        }
        counter.values += sampleCount;
        return sum;
    }

    @Benchmark
    public int valuesGorillaXor(Values counter) {
        int bytes = 0;
        for (SampleColumns s : series) {
            bytes += xor.encode(s.values(), s.size(), scratch, 0);
        }
        counter.values += sampleCount;
        return bytes;
    }
}
