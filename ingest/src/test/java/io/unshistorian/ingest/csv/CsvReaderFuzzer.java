package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.BatchValidator;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.write.WriteLimits;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): a CSV file of arbitrary bytes through {@link CsvSampleReader}, as
 * {@code historian import} reads it (long or wide layout), and the samples it gives through the
 * write path's {@link BatchValidator}, as {@code HistorianSink} stores them. Any file gives samples
 * and bad rows (each with its line), or a {@link CsvFormatException} naming the line; a sample either validates or is
 * refused with a {@link BatchRejectedException} naming it. Nothing else escapes.
 */
class CsvReaderFuzzer {
    private static Path directory;

    private final BatchValidator validator = new BatchValidator(WriteLimits.DEFAULT);
    private final WriteBatch batch = new WriteBatch();

    @BeforeAll
    static void setUp() throws IOException {
        FuzzCorpus.perTarget(CsvReaderFuzzer.class);
        directory = Files.createTempDirectory("csv-fuzz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(directory.resolve("import.csv"));
        Files.deleteIfExists(directory);
    }

    @FuzzTest(maxDuration = "10s")
    void read(byte[] input) throws IOException {
        Path file = directory.resolve("import.csv");
        Files.write(file, input);
        batch.clear();
        long lastLine = 0;
        ParsedSamples samples = new ParsedSamples(64);
        CsvImportOptions options = CsvImportOptions.defaults().withBatchSize(64)
            .withLayout(input.length > 0 && (input[0] & 1) == 1 ? CsvImportOptions.Layout.WIDE
                : CsvImportOptions.Layout.AUTO);
        try (CsvSampleReader reader = CsvSampleReader.open(file, options)) {
            while (reader.read(samples, 64)) {
                assertTrue(samples.bytesRead() >= 0 && samples.bytesRead() <= input.length,
                    samples.bytesRead() + " bytes read of " + input.length);
                for (int i = 0; i < samples.size(); i++) {
                    assertTrue(samples.line(i) >= lastLine, "line " + samples.line(i) + " after " + lastLine);
                    lastLine = samples.line(i);
                    assertNotNull(samples.path(i));
                    batch.addDouble(samples.path(i), samples.timestamp(i), samples.value(i), samples.quality(i));
                }
                for (int r = 0; r < samples.rejectedCount(); r++) {
                    assertTrue(samples.rejectedLine(r) >= 2, "bad line " + samples.rejectedLine(r));
                    assertNotNull(samples.rejectedReason(r));
                }
            }
        } catch (CsvFormatException refused) {
            assertTrue(refused.lineNumber() >= 1, refused.getMessage());
            return;
        }
        try {
            validator.validate(batch, path -> null, new Series[batch.size()]);
        } catch (BatchRejectedException refused) {
            assertTrue(refused.sampleIndex() < batch.size(), refused.getMessage());
        }
    }
}
