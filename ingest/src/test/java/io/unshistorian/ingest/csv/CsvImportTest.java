package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
            CsvImport.Result result = new CsvImport(historian, 100).run(csv,
                (line, reason) -> rejected.add(line + " " + reason), null);
            assertEquals(new CsvImport.Result(6, 3, 3), result);
            assertEquals(3, rejected.size(), rejected.toString());
            assertTrue(rejected.get(0).startsWith("5 ") && rejected.get(0).contains("timestamp is not an integer"),
                rejected.toString());
            assertTrue(rejected.get(1).startsWith("3 ") && rejected.get(1).contains("invalid path"), rejected.toString());
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
            CsvImport.Result result = new CsvImport(historian, 7).run(csv, (line, reason) -> rejected[0]++, null);
            assertEquals(11, rejected[0]);
            assertEquals(new CsvImport.Result(1000, 989, 11), result);
            assertEquals(989, historian.readRaw("plant/b", Long.MIN_VALUE + 1, Long.MAX_VALUE).size());
        }
    }

    private static List<Double> values(Historian historian, String path) {
        List<Double> values = new ArrayList<>();
        for (Sample sample : historian.readRaw(path, Long.MIN_VALUE + 1, Long.MAX_VALUE)) {
            values.add(sample.doubleValue());
        }
        return values;
    }
}
