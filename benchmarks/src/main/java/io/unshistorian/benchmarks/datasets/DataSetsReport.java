package io.unshistorian.benchmarks.datasets;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.testkit.DataSets;

import org.agrona.ExpandableArrayBuffer;

/**
 * A developer's look at the real data sets: compresses each into chunks, decodes them again,
 * proves the round trip bit for bit and prints bytes per sample; then stores every data set in an
 * embedded historian and reads it back ({@link StoreDemonstration}).
 *
 * <pre>
 *   java $FLAGS -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.datasets.DataSetsReport \
 *       [--data-sets DIR (default ../shared/data)] [--data DIR (default a temporary directory)]
 * </pre>
 * {@code --data} is a historian data directory, as for every {@code historian} command: where the
 * data sets are stored (new, empty, or a historian's); {@code --data-sets} is where they are read from.
 */
public final class DataSetsReport {
    private DataSetsReport() {
    }

    public static void main(String[] args) throws IOException {
        Path data = DataSets.directory();
        Path store = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 == args.length) {
                System.err.println(args[i] + " needs a value; use --data-sets DIR (the data sets) and --data DIR "
                    + "(a historian data directory to store them in)");
                System.exit(2);
            } else if (args[i].equals("--data-sets")) {
                data = Path.of(args[i + 1]);
            } else if (args[i].equals("--data")) {
                store = Path.of(args[i + 1]);
            } else {
                System.err.println("unknown option " + args[i] + "; use --data-sets DIR (the data sets) and --data DIR "
                    + "(a historian data directory to store them in)");
                System.exit(2);
            }
        }
        if (store == null) {
            store = Files.createTempDirectory("uns-datasets");
        } else if (!storable(store)) {
            System.err.println(store + " is neither empty nor a historian data directory: --data is where the data "
                + "sets are stored (a new or historian directory); read them from a directory with --data-sets DIR");
            System.exit(2);
        }
        PrintWriter out = new PrintWriter(System.out, true);
        try {
            System.exit(run(out, new PrintWriter(System.err, true), data, store));
        } catch (IOException e) {   // e.g. a --data that a running server holds
            System.err.println("DataSetsReport: " + e.getMessage() + "; pass --data DIR of a directory no server "
                + "holds (or none: a temporary one)");
            System.exit(1);
        }
    }

    /** A directory the report may store into: absent, empty, or a historian data directory. */
    static boolean storable(Path directory) throws IOException {
        if (!Files.exists(directory) || Files.isRegularFile(directory.resolve("store.properties"))) {
            return true;
        }
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Prints the report; returns 0 when every round trip was exact, 1 when not, 2 without data sets. */
    static int run(PrintWriter out, PrintWriter err, Path data, Path store) throws IOException {
        List<Path> files = DataSets.sampleFiles(data);
        if (files.isEmpty()) {
            err.println("No data sets (*/samples.csv) under " + data.toAbsolutePath() + "; pass --data-sets DIR.");
            err.flush();
            return 2;
        }
        out.printf("%-26s %7s %10s %12s %12s %10s  %s%n", "data set", "series", "samples", "chunk bytes",
            "bytes/sample", "vs 16 B", "round trip");
        boolean allExact = true;
        for (Path file : files) {
            allExact &= demonstrate(out, DataSets.nameOf(file), loadBySeries(file));
        }
        out.println(allExact
            ? "Every sample decoded bit for bit (timestamp, value bits and quality)."
            : "ROUND TRIP FAILED: see above.");
        out.println();
        boolean stored = new StoreDemonstration(out).run(store, files);
        out.flush();
        return allExact && stored ? 0 : 1;
    }

    /** A data set grouped by path, in first-seen path order and file row order. */
    public static Map<String, SampleColumns> loadBySeries(Path samplesFile) {
        Map<String, SampleColumns> series = new LinkedHashMap<>();
        DataSets.forEachRow(samplesFile, (path, timestamp, value) ->
            series.computeIfAbsent(path, p -> new SampleColumns(ValueType.DOUBLE, 1024)).addDouble(timestamp, value, 0));
        return series;
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
