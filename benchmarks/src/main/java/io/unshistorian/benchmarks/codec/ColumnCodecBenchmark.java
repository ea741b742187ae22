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
