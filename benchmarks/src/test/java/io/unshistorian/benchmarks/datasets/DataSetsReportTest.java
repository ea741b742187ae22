package io.unshistorian.benchmarks.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsReportTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsADataSetAndStoresIt() throws IOException {
        Path set = Files.createDirectories(dir.resolve("tiny"));
        StringBuilder csv = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("plant/line1/temp,").append(1_600_000_000_000L + i * 1000L).append(',').append(20 + i % 7 * 0.25)
                .append('\n');
        }
        Files.writeString(set.resolve("samples.csv"), csv);
        StringWriter out = new StringWriter();
        int exit = DataSetsReport.run(new PrintWriter(out), new PrintWriter(new StringWriter()), dir, dir.resolve("store"));
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("tiny"), out.toString());
        assertTrue(out.toString().contains("Every sample decoded bit for bit"), out.toString());
        assertTrue(out.toString().contains("complete"), out.toString());
    }

    @Test
    void withoutDataSetsItSaysWhatToDo() throws IOException {
        StringWriter err = new StringWriter();
        int exit = DataSetsReport.run(new PrintWriter(new StringWriter()), new PrintWriter(err), dir.resolve("absent"),
            dir.resolve("store"));
        assertEquals(2, exit);
        assertTrue(err.toString().contains("pass --data-sets DIR"), err.toString());
    }
}
