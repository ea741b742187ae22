package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.ingest.csv.SharedDataSets;

import org.agrona.ExpandableArrayBuffer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code historian datasets}: compresses every real data set into chunks,
 * decodes them again, proves the round trip bit for bit and prints bytes per sample; then stores
 * every data set in an embedded historian on the default data directory and reads it back.
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
    description = {"Compress the real plant data sets into chunks and prove the round trip, then store them in an "
        + "embedded historian (default ./historian-data) and read them back."})
final class DataSetsCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Folder of data sets (default: ${DEFAULT-VALUE}).")
    private Path dataDirectory = SharedDataSets.directory();

    @Option(names = "--store", paramLabel = "DIR", description = "Data directory of the embedded historian "
        + "(default: ${DEFAULT-VALUE}).")
    private Path storeDirectory = Path.of("historian-data");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = SharedDataSets.sampleFiles(dataDirectory);
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("No data sets (*/samples.csv) under " + dataDirectory.toAbsolutePath()
                + "; pass --data DIR.");
            return 2;
        }
        out.printf("%-26s %7s %10s %12s %12s %10s  %s%n", "data set", "series", "samples", "chunk bytes",
            "bytes/sample", "vs 16 B", "round trip");
        boolean allExact = true;
        for (Path file : files) {
            allExact &= demonstrate(out, SharedDataSets.nameOf(file), SharedDataSets.loadBySeries(file));
        }
        out.println(allExact
            ? "Every sample decoded bit for bit (timestamp, value bits and quality)."
            : "ROUND TRIP FAILED: see above.");
        out.println();
        boolean stored = new StoreDemonstration(out).run(storeDirectory, files);
        out.flush();
        return allExact && stored ? 0 : 1;
    }

    private static boolean demonstrate(PrintWriter out, String name, Map<String, SampleColumns> series) {
        ChunkEncoder encoder = new ChunkEncoder();
        ChunkDecoder decoder = new ChunkDecoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 16);
        SampleColumns decoded = new SampleColumns(ValueType.DOUBLE, 1024);
        long samples = 0;
        long bytes = 0;
        boolean exact = true;
        for (SampleColumns columns : series.values()) {
            int length = encoder.encode(columns, buffer, 0);
            decoder.decode(buffer, 0, length, decoded);
            exact &= sameSamples(columns, decoded);
            samples += columns.size();
            bytes += length;
        }
        double perSample = (double) bytes / samples;
        out.printf("%-26s %7d %10d %12d %12.3f %9.1fx  %s%n", name, series.size(), samples, bytes, perSample,
            16 / perSample, exact ? "exact" : "MISMATCH");
        return exact;
    }

    private static boolean sameSamples(SampleColumns expected, SampleColumns actual) {
        if (expected.size() != actual.size() || expected.type() != actual.type()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            if (expected.timestamp(i) != actual.timestamp(i) || expected.valueBits(i) != actual.valueBits(i)
                || expected.quality(i) != actual.quality(i)) {
                return false;
            }
        }
        return true;
    }
}
