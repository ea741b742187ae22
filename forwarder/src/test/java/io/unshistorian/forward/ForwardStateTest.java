package io.unshistorian.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cursor and ledger survive a save and a read exactly; a damaged file is refused naming its line. */
class ForwardStateTest {
    @TempDir
    Path dir;

    @Test
    void savesAndReadsBackEverything() throws IOException {
        Path file = dir.resolve("forward").resolve("edge1.state");
        ForwardState state = ForwardState.open(file);
        assertEquals(-1, state.acknowledged());
        state.acknowledge(41, 1000);
        state.acknowledgeSeries("line1/temp", 600, 5, 90);
        state.acknowledgeSeries("line1/temp", 400, 1, 95);
        state.acknowledgeSeries("line1/state", 3, Long.MIN_VALUE, Long.MAX_VALUE);
        state.gap(42, 50, "refused by the central: type mismatch\n(line1/x)");
        state.save();
        ForwardState read = ForwardState.open(file);
        assertEquals(state.incarnation(), read.incarnation());
        assertEquals(50, read.acknowledged());
        assertEquals(1000, read.samples());
        assertEquals(new ForwardState.SeriesLedger(1000, 1, 95), read.series().get("line1/temp"));
        assertEquals(new ForwardState.SeriesLedger(3, Long.MIN_VALUE, Long.MAX_VALUE), read.series().get("line1/state"));
        assertEquals(List.of(new ForwardState.Gap(42, 50, "refused by the central: type mismatch (line1/x)")), read.gaps());
        assertNotEquals(state.incarnation(), ForwardState.open(dir.resolve("other.state")).incarnation(),
            "a new state is a new incarnation");
    }

    @Test
    void aDamagedFileIsRefusedNamingTheLine() throws IOException {
        Path file = dir.resolve("edge1.state");
        Files.writeString(file, "version=1\nincarnation=x\nacknowledged=twelve\n");
        IOException refused = assertThrows(IOException.class, () -> ForwardState.open(file));
        assertTrue(refused.getMessage().contains("line 3"), refused.getMessage());
    }

    @Test
    void pathRewrites() {
        assertEquals("acme/dallas/line1/temp", PathRewrite.parse("line1=acme/dallas/line1").apply("line1/temp"));
        assertEquals("line10/temp", PathRewrite.parse("line1=acme/dallas/line1").apply("line10/temp"),
            "only whole segments");
        assertEquals("acme/dallas/line1/temp", PathRewrite.parse("acme/dallas/").apply("line1/temp"));
        assertEquals("line1/temp", PathRewrite.NONE.apply("line1/temp"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.parse("line1=acme/#"));
        assertThrows(IllegalArgumentException.class, () -> PathRewrite.parse("line1="));
    }

    @Test
    void backfillSpansCountOnlyWithoutAHole() throws IOException {
        Path file = dir.resolve("edge1.backfill");
        Backfills spans = new Backfills(file);
        spans.record(20, 29, 2_000, 2_900);
        spans.record(5, 9, 500, 900);
        assertEquals(List.of(new Backfills.Span(5, 9, 500, 900)), spans.covering(5, 29),
            "10..19 were not recorded: only 5..9 can be sent from blocks");
        assertEquals(List.of(), spans.covering(10, 29), "the file holding 10 went some other way");
        assertEquals(List.of(new Backfills.Span(20, 29, 2_000, 2_900)), spans.covering(25, 40),
            "a cursor inside a dropped file");
        spans.done(9);
        Files.writeString(file, Files.readString(file) + "30\t3");   // a line torn by a crash
        Backfills reopened = new Backfills(file);
        assertEquals(List.of(new Backfills.Span(20, 29, 2_000, 2_900)), reopened.covering(20, 29));
        assertEquals("20\t29\t2000\t2900\n", Files.readString(file), "the torn line is gone");
    }
}
