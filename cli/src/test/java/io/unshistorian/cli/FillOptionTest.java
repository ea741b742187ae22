package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.export.HistorianFlightServer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --fill} of {@code query} and {@code export}, over a day of hourly buckets of a series with
 * samples at 00:10, 01:10 and 04:10 only: empty buckets are left out and the time-weighted average
 * ends at the last sample unless asked (it used to print every bucket to the range's end, the last
 * value carried forward); the same through gRPC ({@code query}) and Arrow Flight ({@code export}).
 */
class FillOptionTest {
    private static final long T0 = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
    private static final long MINUTE = 60_000_000_000L;
    private static final String[] DAY = {"--start", "2026-01-01T00:00:00Z", "--end", "2026-01-02T00:00:00Z"};

    @TempDir
    Path dir;
    private Path data;

    @BeforeEach
    void store() throws Exception {
        data = dir.resolve("data");
        try (Historian historian = Historian.open(data)) {
            historian.writeDouble("plant/a", T0 + 10 * MINUTE, 10);
            historian.writeDouble("plant/a", T0 + 70 * MINUTE, 20);
            historian.writeDouble("plant/a", T0 + 250 * MINUTE, 40);
        }
    }

    private static InProcessCli.Result run(String... arguments) {
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(List.of(DAY));
        return InProcessCli.run(all.toArray(new String[0]));
    }

    private List<String> query(String... options) {
        List<String> arguments = new ArrayList<>(List.of("query", "plant/a", "--data", data.toString(), "--every",
            "1h", "--twa", "--format", "csv"));
        arguments.addAll(List.of(options));
        InProcessCli.Result result = run(arguments.toArray(new String[0]));
        assertEquals(0, result.exit(), result.err());
        return result.out().strip().lines().skip(1).toList();
    }

    /** The twa column (the last) of a row. */
    private static String twa(String row) {
        return row.substring(row.lastIndexOf(',') + 1);
    }

    @Test
    void emptyBucketsAreLeftOutUnlessAFillAsksForThem() {
        List<String> rows = query();
        assertEquals(5, rows.size(), "00:00 to 04:00, while a value is in force:\n" + rows);
        assertEquals("20", twa(rows.get(4)), "40 is not carried past its sample");
        List<String> nulls = query("--fill", "null");
        assertEquals(24, nulls.size());
        assertEquals("plant/a,2026-01-01T05:00:00Z,0,null,null,null,null,null,0,null", nulls.get(5));
        List<String> previous = query("--fill", "previous");
        assertEquals(24, previous.size());
        assertEquals("plant/a,2026-01-01T23:00:00Z,0,40,40,40,40,40,0,40", previous.get(23));
        List<String> linear = query("--fill", "linear");
        assertTrue(linear.get(2).contains(",0,25.5555"), linear.get(2));
        assertEquals("plant/a,2026-01-01T05:00:00Z,0,null,null,null,null,null,0,null", linear.get(5));
    }

    @Test
    void interpolationKeepsItsNullPointsByDefault() {
        InProcessCli.Result result = run("query", "plant/a", "--data", data.toString(), "--interpolate", "1h",
            "--format", "csv");
        assertEquals(0, result.exit(), result.err());
        assertEquals(25, result.out().strip().lines().count(), result.out());
        InProcessCli.Result omitted = run("query", "plant/a", "--data", data.toString(), "--interpolate", "1h",
            "--fill", "omit", "--format", "csv");
        assertEquals(4, omitted.out().strip().lines().count(), omitted.out());
    }

    @Test
    void aWrongFillIsOneLineSayingWhatToUse() {
        InProcessCli.Result typo = run("query", "plant/a", "--data", data.toString(), "--every", "1h", "--fill",
            "nope");
        assertEquals(1, typo.exit());
        assertEquals("historian query: --fill is omit, null, previous or linear, not 'nope'", typo.err().strip());
        InProcessCli.Result raw = run("query", "plant/a", "--data", data.toString(), "--fill", "null");
        assertEquals(1, raw.exit());
        assertEquals(1, raw.err().strip().lines().count(), raw.err());
        assertTrue(raw.err().contains("--fill needs --every or --interpolate"), raw.err());
    }

    @Test
    void exportFillsAlikeFromTheDirectoryAndThroughFlight() throws Exception {
        Path local = dir.resolve("local.csv");
        InProcessCli.Result direct = run("export", "plant/a", "--data", data.toString(), "--every", "1h",
            "--function", "twa", "--fill", "previous", "--format", "csv", "--out", local.toString());
        assertEquals(0, direct.exit(), direct.err());
        assertEquals(25, Files.readAllLines(local).size());
        Path byDefault = dir.resolve("default.csv");
        assertEquals(0, run("export", "plant/a", "--data", data.toString(), "--every", "1h", "--function", "twa",
            "--format", "csv", "--out", byDefault.toString()).exit());
        assertEquals(6, Files.readAllLines(byDefault).size(), "omit: the five buckets with a value, and a header");
        try (Historian historian = Historian.open(data);
             HistorianFlightServer flight = HistorianFlightServer.start(historian, "127.0.0.1", 0, false)) {
            Path remote = dir.resolve("remote.csv");
            InProcessCli.Result through = run("export", "plant/a", "--server", "127.0.0.1:" + flight.port(), "--every",
                "1h", "--function", "twa", "--fill", "previous", "--format", "csv", "--out", remote.toString());
            assertEquals(0, through.exit(), through.err());
            assertEquals(Files.readString(local), Files.readString(remote));
        }
    }
}
