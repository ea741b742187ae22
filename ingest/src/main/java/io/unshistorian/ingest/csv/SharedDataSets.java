package io.unshistorian.ingest.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;

/**
 * The real plant data sets ({@code <dir>/<name>/samples.csv}) used by the demo, tests and
 * benchmarks. The folder is the system property {@value #PROPERTY}, by default {@value #DEFAULT}.
 */
public final class SharedDataSets {
    public static final String PROPERTY = "uns.data.dir";
    public static final String DEFAULT = "../shared/data";

    private SharedDataSets() {
    }

    public static Path directory() {
        return Paths.get(System.getProperty(PROPERTY, DEFAULT));
    }

    /** The {@code samples.csv} files found, sorted by data set name; empty when the folder is absent. */
    public static List<Path> sampleFiles() throws IOException {
        return sampleFiles(directory());
    }

    /** The {@code samples.csv} files under {@code dir}, sorted by data set name; empty when absent. */
    public static List<Path> sampleFiles(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.sorted().map(child -> child.resolve("samples.csv")).filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }

    /** The data set name of a {@code samples.csv} file: its folder's name. */
    public static String nameOf(Path samplesFile) {
        return samplesFile.getParent().getFileName().toString();
    }

    /** Loads a long-format CSV grouped by path, in first-seen path order and file row order. */
    public static Map<String, SampleColumns> loadBySeries(Path samplesFile) throws IOException {
        Map<String, SampleColumns> series = new LinkedHashMap<>();
        LongFormatCsvReader.read(samplesFile, (line, path, timestamp, value) ->
            series.computeIfAbsent(path, p -> new SampleColumns(ValueType.DOUBLE, 1024)).addDouble(timestamp, value, 0));
        return series;
    }
}
