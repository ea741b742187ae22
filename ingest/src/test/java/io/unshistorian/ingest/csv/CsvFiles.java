package io.unshistorian.ingest.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: every sample and rejection a {@link CsvSampleReader} gives for a file, as text. */
final class CsvFiles {
    /** Samples as {@code "line path timestamp value quality"}, rejections as {@code "line reason"}. */
    record Read(List<String> samples, List<String> rejections, long rows, String description) {
    }

    private CsvFiles() {
    }

    static Read read(Path file, CsvImportOptions options) throws IOException {
        List<String> samples = new ArrayList<>();
        List<String> rejections = new ArrayList<>();
        long rows = 0;
        ParsedSamples batch = new ParsedSamples(options.batchSize());
        try (CsvSampleReader reader = CsvSampleReader.open(file, options)) {
            while (reader.read(batch, options.batchSize())) {
                rows += batch.rows();
                for (int i = 0; i < batch.size(); i++) {
                    samples.add(batch.line(i) + " " + batch.path(i) + " " + batch.timestamp(i) + " " + batch.value(i)
                        + " " + batch.quality(i));
                }
                for (int r = 0; r < batch.rejectedCount(); r++) {
                    rejections.add(batch.rejectedLine(r) + " " + batch.rejectedReason(r));
                }
            }
            return new Read(samples, rejections, rows, reader.describe());
        }
    }

    static Read read(Path file) throws IOException {
        return read(file, CsvImportOptions.defaults());
    }
}
