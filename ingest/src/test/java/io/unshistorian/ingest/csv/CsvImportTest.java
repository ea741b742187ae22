package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.Sample;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Importing through the embedded API: bad rows cost only themselves, named by line; quoting is honoured. */
class CsvImportTest {
    @TempDir
    Path dir;

    @Test
    void badRowsAreLeftOutByLineAndTheirBatchIsStored() throws IOException {
        Path csv = Files.writeString(dir.resolve("in.csv"), String.join("\n",
            "path,timestamp_ms,value",
            "plant/a,1000,1.5",
            "plant//bad,1000,2",            // line 3: the historian refuses the path
            "\"plant/with,comma\",1000,3",  // a quoted path keeps its comma, not its quotes
            "plant/a,xx,4",                 // line 5: the parser refuses the timestamp
            "plant/long,1000,5",            // line 6: conflicts with the LONG series written below
            "plant/a,2000,6",
            ""));
        List<String> rejected = new ArrayList<>();
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            historian.writeLong("plant/long", 1, 7);
            CsvImport.Result result = run(historian, csv, 100, (line, reason) -> rejected.add(line + " " + reason));
            assertEquals(List.of(6L, 3L, 3L), List.of(result.rowsRead(), result.samplesStored(), result.rejected()));
            assertEquals(3, rejected.size(), rejected.toString());
            assertTrue(rejected.get(0).startsWith("3 ") && rejected.get(0).contains("invalid path"), rejected.toString());
            assertTrue(rejected.get(1).startsWith("5 ") && rejected.get(1).contains("time is not an epoch number"),
                rejected.toString());
            assertTrue(rejected.get(2).startsWith("6 ") && rejected.get(2).contains("type mismatch"), rejected.toString());
            assertEquals(List.of(1.5, 6.0), values(historian, "plant/a"));
            assertEquals(List.of(3.0), values(historian, "plant/with,comma"));
            assertTrue(historian.series("\"plant/with,comma\"").isEmpty());
        }
    }

    @Test
    void smallBatchesStoreEveryGoodRow() throws IOException {
        StringBuilder text = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 1000; i++) {
            text.append(i % 97 == 0 ? "bad/+/path" : "plant/b").append(',').append(i).append(',').append(i).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("many.csv"), text);
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            long[] rejected = {0};
            CsvImport.Result result = run(historian, csv, 7, (line, reason) -> rejected[0]++);
            assertEquals(11, rejected[0]);
            assertEquals(List.of(1000L, 989L, 11L), List.of(result.rowsRead(), result.samplesStored(), result.rejected()));
            assertEquals(989, historian.readRaw("plant/b", Long.MIN_VALUE + 1, Long.MAX_VALUE).size());
        }
    }

    @Test
    void rowsBeforeAnUnreadablePartAreStoredAndTheErrorNamesItsLine() throws IOException {
        StringBuilder text = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 100; i++) {
            text.append("plant/c,").append(i).append(",1\n");
        }
        text.append("plant/c,100,\"1\"x\n");   // junk after a closing quote: FastCSV cannot go on
        for (int i = 101; i < 200; i++) {
            text.append("plant/c,").append(i).append(",1\n");
        }
        Path csv = Files.writeString(dir.resolve("broken.csv"), text);
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            CsvFormatException e = assertThrows(CsvFormatException.class,
                () -> run(historian, csv, 30, (line, reason) -> { }));
            assertTrue(e.getMessage().contains(":102: unreadable CSV"), e.getMessage());
            assertEquals(100, historian.readRaw("plant/c", Long.MIN_VALUE + 1, Long.MAX_VALUE).size());
        }
    }

    @Test
    void aMillionRowsOfManySeriesArriveWhole() throws IOException {
        StringBuilder text = new StringBuilder("path,timestamp_ns,value\n");
        int rows = 1_000_000;
        for (int i = 0; i < rows; i++) {
            text.append("plant/s").append(i % 1000).append(',').append(i / 1000).append(',').append(i).append('\n');
        }
        Path csv = Files.writeString(dir.resolve("big.csv"), text);
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            CsvImport.Result result = run(historian, csv, 32_768, (line, reason) -> { });
            assertEquals(List.of((long) rows, (long) rows, 0L),
                List.of(result.rowsRead(), result.samplesStored(), result.rejected()));
            List<Sample> s7 = historian.readRaw("plant/s7", Long.MIN_VALUE + 1, Long.MAX_VALUE);
            assertEquals(1000, s7.size());
            assertEquals(7 + 1000 * 999, s7.get(999).doubleValue());
            assertEquals(999, s7.get(999).timestampNanos());
        }
    }

    private static CsvImport.Result run(Historian historian, Path csv, int batch, CsvImport.Rejections rejections)
        throws IOException {
        return CsvImport.run(csv, CsvImportOptions.defaults().withBatchSize(batch), new HistorianSink(historian),
            rejections, null);
    }

    private static List<Double> values(Historian historian, String path) {
        List<Double> values = new ArrayList<>();
        for (Sample sample : historian.readRaw(path, Long.MIN_VALUE + 1, Long.MAX_VALUE)) {
            values.add(sample.doubleValue());
        }
        return values;
    }
}
