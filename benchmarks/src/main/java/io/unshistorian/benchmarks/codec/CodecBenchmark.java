package io.unshistorian.benchmarks.codec;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.benchmarks.data.BenchmarkDataSets;
import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;

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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encode and decode throughput of our chunk codecs against the published Gorilla baseline, on the
 * same series, one thread. One operation is a whole data set; the {@code samples} counter reports
 * samples (timestamp + value pairs) per second.
 *
 * <p>Ours encodes and decodes a full chunk: timestamps (ns), values, quality codes, statistics and
 * the CRC32C, and verifies the checksum before decoding. The baseline encodes ms timestamps and
 * values only.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Dagrona.disable.bounds.checks=true",
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
@State(Scope.Thread)
public class CodecBenchmark {
    @Param({"nab_machine_temperature", "skab", BenchmarkDataSets.SYNTHETIC_PLANT})
    public String dataSet;

    private List<SampleColumns> series;
    private long sampleCount;
    private final ChunkEncoder encoder = new ChunkEncoder();
    private final ChunkDecoder decoder = new ChunkDecoder();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(1 << 20);
    private final SampleColumns decoded = new SampleColumns(ValueType.DOUBLE, 1 << 16);
    private ExpandableArrayBuffer chunks;
    private int[] chunkOffsets;
    private long[][] baselineStreams;
    private long[] baselineTimestamps;
    private long[] baselineValues;

    /** Samples processed, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Samples {
        public long samples;
    }

    @Setup(Level.Trial)
    public void load() {
        series = BenchmarkDataSets.load(dataSet);
        sampleCount = BenchmarkDataSets.sampleCount(series);
        chunks = new ExpandableArrayBuffer(1 << 20);
        chunkOffsets = new int[series.size() + 1];
        baselineStreams = new long[series.size()][];
        int longest = 0;
        for (int i = 0; i < series.size(); i++) {
            chunkOffsets[i + 1] = chunkOffsets[i] + encoder.encode(series.get(i), chunks, chunkOffsets[i]);
            baselineStreams[i] = GorillaBaseline.encode(series.get(i));
            longest = Math.max(longest, series.get(i).size());
        }
        baselineTimestamps = new long[longest];
        baselineValues = new long[longest];
    }

    @Benchmark
    public int oursEncode(Samples counter) {
        int bytes = 0;
        for (SampleColumns s : series) {
            bytes += encoder.encode(s, scratch, 0);
        }
        counter.samples += sampleCount;
        return bytes;
    }

    @Benchmark
    public void oursDecode(Samples counter, Blackhole blackhole) {
        for (int i = 0; i < series.size(); i++) {
            decoder.decode(chunks, chunkOffsets[i], chunkOffsets[i + 1] - chunkOffsets[i], decoded);
            blackhole.consume(decoded.values()[decoded.size() - 1]);
        }
        counter.samples += sampleCount;
    }

    @Benchmark
    public long baselineEncode(Samples counter) {
        long words = 0;
        for (SampleColumns s : series) {
            words += GorillaBaseline.encode(s).length;
        }
        counter.samples += sampleCount;
        return words;
    }

    @Benchmark
    public void baselineDecode(Samples counter, Blackhole blackhole) {
        for (long[] stream : baselineStreams) {
            int n = GorillaBaseline.decode(stream, baselineTimestamps, baselineValues);
            blackhole.consume(baselineValues[n - 1]);
        }
        counter.samples += sampleCount;
    }
}
