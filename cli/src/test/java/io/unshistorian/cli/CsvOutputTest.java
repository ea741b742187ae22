package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/**
 * CSV from `query --format csv` and `export --format csv` can be read back field for field by an
 * RFC 4180 reader, whatever the values hold (commas, quotes, line breaks: no forged rows, no shifted
 * columns), and with --spreadsheet-safe no text cell runs as a spreadsheet formula.
 */
class CsvOutputTest {
    private static final long T = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
    private static final String FORGERY = "a,b\nfake/row,2026-01-01T00:00:00Z,666";
    private static final String FORMULA = "=HYPERLINK(\"http://evil\",\"click\")";

    @TempDir
    Path dir;

    private Path data;

    @BeforeEach
    void store() throws IOException {
        data = dir.resolve("data");
        try (Historian historian = Historian.open(data)) {
            historian.writeDouble("plant/with,comma", T, -1.5);
            historian.writeString("plant/state", T, FORGERY);
            historian.writeString("plant/note", T, FORMULA);
        }
    }

    private String run(String... arguments) {
        InProcessCli.Result result = InProcessCli.run(arguments);
        assertEquals(0, result.exit(), result.out() + "\n" + result.err());
        return result.out();
    }

    private static List<List<String>> parse(String csv) {
        List<List<String>> rows = new ArrayList<>();
        CsvReader.builder().ofCsvRecord(csv).forEach((CsvRecord record) -> rows.add(record.getFields()));
        return rows;
    }

    private static List<String> rowOf(List<List<String>> rows, String path) {
        return rows.stream().filter(row -> row.contains(path)).findFirst().orElseThrow(
            () -> new AssertionError("no row of " + path + " in " + rows));
    }

    @Test
    void queryCsvKeepsEveryFieldInItsColumn() {
        List<List<String>> rows = parse(run("query", "plant/#", "--data", data.toString(), "--start",
            "2026-01-01T00:00:00Z", "--end", "2026-01-01T00:00:01Z", "--format", "csv", "--timestamps", "ns"));
        assertEquals(List.of("path", "time", "value", "quality"), rows.get(0));
        assertEquals(4, rows.size(), "a header and three samples, nothing forged: " + rows);
        assertEquals(List.of("plant/state", Long.toString(T), FORGERY, "Good"), rowOf(rows, "plant/state"));
        assertEquals(List.of("plant/with,comma", Long.toString(T), "-1.5", "Good"), rowOf(rows, "plant/with,comma"));
        assertEquals(FORMULA, rowOf(rows, "plant/note").get(2), "left as it is unless asked");
    }

    @Test
    void spreadsheetSafeNeutralizesFormulasButNotNumbers() {
        List<List<String>> rows = parse(run("query", "plant/#", "--data", data.toString(), "--start",
            "2026-01-01T00:00:00Z", "--end", "2026-01-01T00:00:01Z", "--format", "csv", "--spreadsheet-safe"));
        assertEquals("'" + FORMULA, rowOf(rows, "plant/note").get(2));
        assertEquals("-1.5", rowOf(rows, "plant/with,comma").get(2), "a negative number stays a number");
        assertEquals(FORGERY, rowOf(rows, "plant/state").get(2));
        assertTrue(CsvCells.runsAsFormula("+cmd|' /C calc'!A0"));
        assertTrue(CsvCells.runsAsFormula("@SUM(1+1)"));
        assertTrue(CsvCells.runsAsFormula("-2+3"));
        assertFalse(CsvCells.runsAsFormula("-2.5e-3"));
        assertFalse(CsvCells.runsAsFormula("-Infinity"));
        assertFalse(CsvCells.runsAsFormula("plain"));
    }

    @Test
    void exportCsvKeepsEveryFieldInItsColumn() throws IOException {
        Path out = dir.resolve("out.csv");
        run("export", "plant/#", "--data", data.toString(), "--start", "2026-01-01T00:00:00Z", "--end",
            "2026-01-01T00:00:01Z", "--format", "csv", "--out", out.toString(), "--spreadsheet-safe");
        List<List<String>> rows = parse(Files.readString(out));
        assertEquals(4, rows.size(), "a header and three rows, nothing forged: " + rows);
        int columns = rows.get(0).size();
        for (List<String> row : rows) {
            assertEquals(columns, row.size(), "every row has the header's columns: " + row);
        }
        assertTrue(rowOf(rows, "plant/state").contains(FORGERY), rows.toString());
        assertTrue(rowOf(rows, "plant/note").contains("'" + FORMULA), rows.toString());
        assertTrue(rowOf(rows, "plant/with,comma").contains("-1.5"), rows.toString());
    }

    @Test
    void jsonKeepsTypes() throws IOException {
        try (Historian historian = Historian.open(data)) {
            historian.writeString("plant/text", T, "true");
        }
        String json = run("query", "plant/#", "--data", data.toString(), "--start", "2025-12-31T00:00:00Z", "--end",
            "2026-01-02T00:00:00Z", "--format", "json", "--timestamps", "ms");
        assertTrue(json.contains("{\"path\":\"plant/with,comma\",\"time\":1767225600000,\"value\":-1.5,"
            + "\"quality\":\"Good\"}"), json);
        assertTrue(json.contains("\"path\":\"plant/text\",\"time\":1767225600000,\"value\":\"true\""),
            "a text that reads like a boolean stays a string: " + json);
        String buckets = run("query", "plant/with,comma", "--data", data.toString(), "--start", "2026-01-01T00:00:00Z",
            "--end", "2026-01-01T00:00:02Z", "--every", "1s", "--format", "json");
        assertTrue(buckets.contains("\"count\":1,\"min\":-1.5"), buckets);
    }
}
