package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void demoRoundTripsADataSetAndPrintsBytesPerSample() throws IOException {
        Path set = Files.createDirectories(dir.resolve("tiny"));
        StringBuilder csv = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("plant/line1/temp,").append(1_600_000_000_000L + i * 1000L).append(',').append(20 + i % 7 * 0.25)
                .append('\n');
        }
        Files.writeString(set.resolve("samples.csv"), csv);

        StringWriter out = new StringWriter();
        CommandLine cli = HistorianCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("datasets", "--data", dir.toString(), "--store", dir.resolve("store").toString());

        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("tiny"), out.toString());
        assertTrue(out.toString().contains("exact"), out.toString());
        assertTrue(out.toString().contains("Every sample decoded bit for bit"), out.toString());
        assertTrue(out.toString().contains("complete"), out.toString());
    }

    @Test
    void demoWithoutDataSetsExplainsWhatToDo() {
        StringWriter err = new StringWriter();
        CommandLine cli = HistorianCli.newCommandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("datasets", "--data", dir.resolve("absent").toString());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("pass --data DIR"), err.toString());
    }

    @Test
    void liveDemoRunsAPlantThroughTheServerAndStops() {
        StringWriter out = new StringWriter();
        CommandLine cli = HistorianCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("demo", "--data", dir.resolve("live").toString(), "--port", "0", "--duration", "3s");
        assertEquals(0, exit, out.toString());
        assertTrue(out.toString().contains("simulated plant: 240 series"), out.toString());
        assertTrue(out.toString().contains("samples stored"), out.toString());
        assertTrue(out.toString().contains("state RUNNING") || out.toString().contains("state "), out.toString());
    }
}
