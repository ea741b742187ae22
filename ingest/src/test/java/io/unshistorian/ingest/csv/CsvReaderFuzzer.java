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
 * Fuzz target (docs/fuzzing.md): a CSV file of arbitrary bytes through {@link LongFormatCsvReader},
 * as {@code historian import} reads it, and the rows it gives through the write path's
 * {@link BatchValidator}, as {@code CsvImport} stores them. Any file gives rows and bad rows (each
 * with its line), or a {@link CsvFormatException} naming the line; a row either validates or is
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
        long[] rows = {0};
        long[] lastLine = {0};
        long read;
        try {
            read = LongFormatCsvReader.read(file, (line, path, timestampNanos, value) -> {
                assertTrue(line > lastLine[0], "line " + line + " after " + lastLine[0]);
                lastLine[0] = line;
                assertNotNull(path);
                rows[0]++;
                batch.addDouble(path, timestampNanos, value);
            }, bad -> {
                assertTrue(bad.lineNumber() > lastLine[0], "bad line " + bad.lineNumber() + " after " + lastLine[0]);
                lastLine[0] = bad.lineNumber();
                assertNotNull(bad.reason());
            }, bytes -> assertTrue(bytes >= 0 && bytes <= input.length, bytes + " bytes read of " + input.length));
        } catch (CsvFormatException refused) {
            assertTrue(refused.lineNumber() >= 1, refused.getMessage());
            return;
        }
        assertEquals(rows[0], read);
        try {
            validator.validate(batch, path -> null, new Series[batch.size()]);
        } catch (BatchRejectedException refused) {
            assertTrue(refused.sampleIndex() < batch.size(), refused.getMessage());
        }
    }
}
