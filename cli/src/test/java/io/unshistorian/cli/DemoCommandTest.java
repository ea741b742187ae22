package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.series.Series;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class DemoCommandTest {
    private static final long SECOND = 1_000_000_000L;

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

    /** At 10x the plant used to run minutes ahead of the wall clock: its samples lay in the future. */
    @Test
    void aFastPlantNeverWritesTheFuture() throws Exception {
        InProcessCli.Result result = InProcessCli.run("demo", "--data", dir.resolve("fast").toString(), "--port", "0",
            "--speed", "10", "--duration", "3s");
        long end = TimeArguments.nowNanos();
        assertEquals(0, result.exit(), result.out() + result.err());
        try (Historian historian = Historian.open(dir.resolve("fast"))) {
            long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
            for (Series series : historian.find("acme/#")) {
                historian.readRaw(series.path(), 0, Long.MAX_VALUE, (t, v, q, text) -> {
                    span[0] = Math.min(span[0], t);
                    span[1] = Math.max(span[1], t);
                });
            }
            long oldest = span[0];
            long newest = span[1];
            assertTrue(oldest < newest, "the demo wrote samples");
            assertTrue(newest <= end, "the newest sample is " + (newest - end) / SECOND + " s in the future");
            assertTrue(newest - oldest >= 15 * SECOND, "the plant still ran fast: " + (newest - oldest) / SECOND
                + " plant s in a 3 s demo");
        }
    }

    @Test
    void thePlantClockCatchesUpWithNowAndThenKeepsPace() {
        long now = 1_767_225_600L * SECOND;
        PlantClock clock = new PlantClock(now, 10, 60 * SECOND);
        assertEquals(now - 9 * 60 * SECOND, clock.now(), "(speed - 1) x duration in the past");
        for (int second = 0; second < 60; second++) {
            long[] times = clock.tick(now + second * SECOND);
            assertEquals(10, times.length, "second " + second);
            assertTrue(times[times.length - 1] <= now + second * SECOND);
        }
        assertEquals(now + 60 * SECOND, clock.now(), "caught up at the demo's end");
        assertEquals(1, clock.tick(now + 60 * SECOND).length, "then one plant second per second");
        assertEquals(0, clock.tick(now + 60 * SECOND + SECOND / 2).length, "never ahead of the clock");
        assertEquals(now - 9 * PlantClock.CATCH_UP.toNanos(), new PlantClock(now, 10, Long.MAX_VALUE).now());
        assertEquals(now, new PlantClock(now, 1, 60 * SECOND).now(), "real time from now");
    }
}
