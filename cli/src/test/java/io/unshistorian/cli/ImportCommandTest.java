package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.Sample;
import io.unshistorian.server.HistorianServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code historian import} into a real server on 127.0.0.1 and into a directory: bad rows and
 * refused samples reported by line with the good ones stored, quoted paths unquoted, every row
 * counted, the wide layout with a prefix and a mapping file, and one-line errors for mistakes.
 */
class ImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void intoAServerBadRowsAndRefusedSamplesAreReportedByLineAndTheRestStored() throws Exception {
        StringBuilder text = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 3000; i++) {
            text.append(i == 1500 ? "plant/+/bad" : "plant/a").append(',').append(i).append(',').append(i).append('\n');
        }
        text.append("\"plant/with,comma\",1,7\n");   // line 3002
        text.append("plant/counter,1,2.5\n");        // line 3003: the server holds plant/counter as LONG
        text.append("plant/a,zz,1\n");               // line 3004
        Path csv = Files.writeString(dir.resolve("in.csv"), text);
        try (Historian historian = Historian.open(dir.resolve("data"));
             HistorianServer server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test")) {
            historian.writeLong("plant/counter", 0, 1);
            InProcessCli.Result result = InProcessCli.run("import", csv.toString(), "--server",
                "127.0.0.1:" + server.port(), "--batch", "700");
            assertEquals(3, result.exit(), result.err());
            assertTrue(result.out().contains("3003 rows read, 3000 samples stored, 3 rejected"), result.out());
            List<String> rejected = result.err().lines().filter(line -> line.startsWith("rejected")).toList();
            assertEquals(3, rejected.size(), result.err());
            assertTrue(rejected.get(0).startsWith("rejected " + csv + ":1502: invalid path 'plant/+/bad'"), rejected.get(0));
            assertTrue(rejected.get(1).startsWith("rejected " + csv + ":3004: time is not an epoch number"),
                rejected.get(1));
            assertTrue(rejected.get(2).startsWith("rejected " + csv + ":3003: ") && rejected.get(2).contains("LONG"),
                rejected.get(2));
            assertEquals(2999, historian.readRaw("plant/a", 0, Long.MAX_VALUE).size());
            List<Sample> comma = historian.readRaw("plant/with,comma", 0, Long.MAX_VALUE);
            assertEquals(7.0, comma.get(0).doubleValue());
        }
    }

    @Test
    void wideFilesWithAPrefixOrAMappingIntoADirectory() throws Exception {
        Path csv = Files.writeString(dir.resolve("scada.csv"), "Time,FIC-101,TIC 102,Comment\n"
            + "2026-01-01 08:00:00,1.5,20,start\n"
            + "2026-01-01 08:00:01,,21,\n");
        Path data = dir.resolve("data");
        InProcessCli.Result prefixed = InProcessCli.run("import", csv.toString(), "--data", data.toString(), "--prefix",
            "acme/dallas/", "--tz", "Europe/Berlin");
        // "Comment" is a tag column too when every column is imported: its text cells are refused by line
        assertEquals(3, prefixed.exit(), prefixed.err());
        assertTrue(prefixed.err().contains(":2: column 'Comment': value is not a number: 'start'"), prefixed.err());
        Path mapping = Files.writeString(dir.resolve("tags.csv"), "FIC-101,acme/dallas/line1/flow\n"
            + "TIC 102,acme/dallas/line1/temperature\n");
        InProcessCli.Result mapped = InProcessCli.run("import", csv.toString(), "--data", data.toString(), "--mapping",
            mapping.toString(), "--tz", "Europe/Berlin");
        assertEquals(0, mapped.exit(), mapped.err());
        assertTrue(mapped.out().contains("2 rows read, 3 samples stored, 0 rejected"), mapped.out());
        assertTrue(mapped.err().contains("wide layout, 2 tag columns; time column 'Time' read as ISO-8601 date-times, "
            + "those without an offset in Europe/Berlin; columns not imported: Comment"), mapped.err());
        try (Historian historian = Historian.open(data)) {
            List<Sample> temperature = historian.readRaw("acme/dallas/line1/temperature", 0, Long.MAX_VALUE);
            assertEquals(2, temperature.size());
            assertEquals(1767250800000000000L, temperature.get(0).timestampNanos());   // 07:00Z
            assertEquals(1, historian.readRaw("acme/dallas/line1/flow", 0, Long.MAX_VALUE).size());
            assertEquals(2, historian.readRaw("acme/dallas/TIC 102", 0, Long.MAX_VALUE).size());
        }
    }

    @Test
    void mistakesGetOneLineThatSaysWhatToDo() throws Exception {
        Path csv = Files.writeString(dir.resolve("bad-header.csv"), "when,what\n1,2\n");
        assertOneLine(InProcessCli.run("import", dir.resolve("missing.csv").toString(), "--data", dir.resolve("d")
            .toString()), "no such file or directory: " + dir.resolve("missing.csv"));
        assertOneLine(InProcessCli.run("import", csv.toString(), "--data", dir.resolve("d").toString(), "--layout",
            "long"), "no time column in the header 'when,what'");
        assertOneLine(InProcessCli.run("import", csv.toString(), "--layout", "tall"), "--layout is auto, long or wide, "
            + "not 'tall'");
        assertOneLine(InProcessCli.run("import", csv.toString(), "--time-unit", "h"), "--time-unit is s, ms, us or ns");
        assertOneLine(InProcessCli.run("import", csv.toString(), "--tz", "Mars/Olympus"), "is not a zone");
        assertOneLine(InProcessCli.run("import", csv.toString(), "--server", "127.0.0.1:1"), "cannot reach the server");
        InProcessCli.Result help = InProcessCli.run("import", "--help");
        assertTrue(help.out().contains("Formats:") && help.out().contains("wide  a time column and one column per tag"),
            help.out());
    }

    private static void assertOneLine(InProcessCli.Result result, String expected) {
        assertTrue(result.exit() != 0, result.toString());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().contains(expected), result.err());
    }
}
