package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class DemoCommandTest {
    @TempDir
    Path dir;

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
