package io.unshistorian.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real plant data sets ({@code <dir>/<name>/samples.csv}, header {@code path,timestamp_ms,value})
 * that tests and benchmarks are fed. The folder is the system property {@value #PROPERTY}, by
 * default {@value #DEFAULT} (relative to the repository root). Tests that need a data set skip,
 * saying why, when it is absent ({@link #skipReason()}).
 *
 * <p>This reads the files as fixtures, with a strict reader of the one layout they have; the
 * product's own CSV import lives in {@code ingest} and is tested against these same files there.
 */
public final class DataSets {
    public static final String PROPERTY = "uns.data.dir";
    public static final String DEFAULT = "../shared/data";
    private static final String HEADER = "path,timestamp_ms,value";

    private DataSets() {
    }

    /** Receives the rows of a data set in file order, timestamps converted to epoch ns. */
    @FunctionalInterface
    public interface RowHandler {
        void row(String path, long timestampNanos, double value);
    }

    public static Path directory() {
        return Paths.get(System.getProperty(PROPERTY, DEFAULT));
    }

    /** The {@code samples.csv} files found, sorted by data set name; empty when the folder is absent. */
    public static List<Path> sampleFiles() {
        return sampleFiles(directory());
    }

    /** The {@code samples.csv} files under {@code dir}, sorted by data set name; empty when absent. */
    public static List<Path> sampleFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.sorted().map(child -> child.resolve("samples.csv")).filter(Files::isRegularFile)
                .forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** One data set's file by name, or null when it is not there. */
    public static Path sampleFile(String name) {
        Path file = directory().resolve(name).resolve("samples.csv");
        return Files.isRegularFile(file) ? file : null;
    }

    /** Why a test that needs the data sets cannot run here. */
    public static String skipReason() {
        return "no data sets (*/samples.csv) under " + directory().toAbsolutePath() + "; set -D" + PROPERTY + "=DIR";
    }

    /** The data set name of a {@code samples.csv} file: its folder's name. */
    public static String nameOf(Path samplesFile) {
        return samplesFile.getParent().getFileName().toString();
    }

    /**
     * Reads every row of a data set.
     *
     * @throws IllegalStateException for a row or header that does not have the data sets' layout
     */
    public static long forEachRow(Path samplesFile, RowHandler handler) {
        try (BufferedReader in = Files.newBufferedReader(samplesFile, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null || !header.trim().equals(HEADER)) {
                throw new IllegalStateException(samplesFile + ": header must be " + HEADER + ", got " + header);
            }
            long rows = 0;
            long line = 1;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                line++;
                if (text.isEmpty()) {
                    continue;
                }
                int first = text.indexOf(',');
                int second = text.indexOf(',', first + 1);
                if (first < 0 || second < 0) {
                    throw new IllegalStateException(samplesFile + ":" + line + ": expected path,timestamp_ms,value");
                }
                handler.row(text.substring(0, first), Long.parseLong(text.substring(first + 1, second).trim()) * 1_000_000L,
                    Double.parseDouble(text.substring(second + 1).trim()));
                rows++;
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
