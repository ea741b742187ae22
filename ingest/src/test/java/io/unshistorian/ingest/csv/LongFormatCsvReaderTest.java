package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongFormatCsvReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsMillisecondAndNanosecondFiles() throws IOException {
        Path ms = write("ms.csv", "path,timestamp_ms,value\na/b,1000,1.5\na/c,2000,-0.0\n");
        List<String> rows = new ArrayList<>();
        assertEquals(2, LongFormatCsvReader.read(ms, (line, path, t, v) -> rows.add(line + " " + path + " " + t + " " + v)));
        assertEquals(List.of("2 a/b 1000000000 1.5", "3 a/c 2000000000 -0.0"), rows);

        Path ns = write("ns.csv", "path,timestamp_ns,value\nx,7,NaN\n");
        rows.clear();
        LongFormatCsvReader.read(ns, (line, path, t, v) -> rows.add(path + " " + t + " " + v));
        assertEquals(List.of("x 7 NaN"), rows);
    }

    @Test
    void badRowsNameTheirLineAndReason() throws IOException {
        assertError("path,timestamp_ms,value\na,1,2\na,xx,3\n", ":3: timestamp is not an integer in range: 'xx'");
        assertError("path,timestamp_ms,value\na,1,abc\n", ":2: value is not a number: 'abc'");
        assertError("path,timestamp_ms,value\na,1\n", ":2: expected 3 comma-separated fields");
        assertError("path,timestamp_ms,value\na,99999999999999999,1\n", ":2: timestamp is not an integer in range");
        assertError("time,value\n", ":1: unexpected header 'time,value'");
        assertError("", ":1: empty file");
    }

    private void assertError(String content, String expected) throws IOException {
        Path file = write("bad.csv", content);
        CsvFormatException e = assertThrows(CsvFormatException.class,
            () -> LongFormatCsvReader.read(file, (line, path, t, v) -> { }));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
