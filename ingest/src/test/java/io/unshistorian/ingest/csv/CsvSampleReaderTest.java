package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvSampleReaderTest {
    @TempDir
    Path dir;

    @Test
    void longLayoutInEveryEpochUnit() throws IOException {
        assertEquals(List.of("2 a/b 1000000000 1.5 0", "3 a/c 2000000000 -0.0 0"),
            read("path,timestamp_ms,value\na/b,1000,1.5\na/c,2000,-0.0\n").samples());
        assertEquals(List.of("2 x 7 NaN 0"), read("path,timestamp_ns,value\nx,7,NaN\n").samples());
        assertEquals(List.of("2 x 7000 Infinity 0"), read("path,timestamp_us,value\nx,7,Infinity\n").samples());
        assertEquals(List.of("2 x 1581168647250000000 -1.0E300 0"),
            read("path,timestamp_s,value\nx,1581168647.25,-1e300\n").samples());
        // No unit in the name: the first value's size says it, and the reading is described.
        CsvFiles.Read bySize = read("path,time,value\nx,1581168647000,1\n");
        assertEquals(List.of("2 x 1581168647000000000 1.0 0"), bySize.samples());
        assertTrue(bySize.description().contains("epoch milliseconds (by the size"), bySize.description());
    }

    @Test
    void isoTimesWithOffsetsAndLocalTimesInTheZone() throws IOException {
        CsvImportOptions berlin = CsvImportOptions.defaults().withZone(ZoneId.of("Europe/Berlin"));
        CsvFiles.Read read = CsvFiles.read(write("iso.csv", "path,timestamp,value\n"
            + "x,2026-01-01T00:00:00Z,1\n"
            + "x,2026-01-01T02:00:00.5+02:00,2\n"
            + "x,2026-01-01 01:00:00,3\n"          // CET: 00:00Z
            + "x,2026-07-01T02:00,4\n"             // CEST: 00:00Z
            + "x,2026-07-01,5\n"), berlin);
        assertEquals(List.of("2 x 1767225600000000000 1.0 0", "3 x 1767225600500000000 2.0 0",
            "4 x 1767225600000000000 3.0 0", "5 x 1782864000000000000 4.0 0", "6 x 1782856800000000000 5.0 0"),
            read.samples());
        assertTrue(read.description().contains("without an offset in Europe/Berlin"), read.description());
    }

    @Test
    void quotedFieldsAreUnquotedAndLinesCountQuotedNewlines() throws IOException {
        CsvFiles.Read read = read("path,timestamp_ms,value\n\"a,b\",1,1\n\"say \"\"hi\"\"\",2,2\n"
            + "\"multi\nline\",3,3\nc,4,4\n");
        assertEquals(List.of("2 a,b 1000000 1.0 0", "3 say \"hi\" 2000000 2.0 0", "6 c 4000000 4.0 0"),
            read.samples());
        assertEquals(List.of("4 invalid path 'multi\\nline': control character U+000A at character 5; a quoted "
            + "field on this line runs over 1 more lines: check its quotes"), read.rejections());
    }

    @Test
    void badRowsAreReportedByLineAndTheRestIsRead() throws IOException {
        CsvFiles.Read read = read("path,timestamp_ms,value\n"
            + "a,1,1\n"
            + "a,xx,2\n"
            + "a,3,abc\n"
            + "a,4\n"
            + "a,5,5,extra\n"
            + "a/+/b,6,6\n"
            + "a,99999999999999999,7\n"
            + "a,8,\n"
            + "a,9,9\n");
        assertEquals(List.of("2 a 1000000 1.0 0", "10 a 9000000 9.0 0"), read.samples());
        assertEquals(9, read.rows());
        List<String> rejections = read.rejections();
        assertEquals(7, rejections.size(), rejections.toString());
        assertTrue(rejections.get(0).startsWith("3 time is not an epoch number in milliseconds: 'xx'"), rejections.get(0));
        assertTrue(rejections.get(1).startsWith("4 value is not a number: 'abc'"), rejections.get(1));
        assertTrue(rejections.get(2).startsWith("5 expected 3 comma-separated fields"), rejections.get(2));
        assertTrue(rejections.get(3).startsWith("6 expected 3"), rejections.get(3));
        assertTrue(rejections.get(4).startsWith("7 invalid path 'a/+/b'"), rejections.get(4));
        assertTrue(rejections.get(5).startsWith("8 time ") && rejections.get(5).contains("beyond the years"),
            rejections.get(5));
        assertTrue(rejections.get(6).startsWith("9 value is not a number: ''"), rejections.get(6));
    }

    @Test
    void longLayoutColumnsByNameInAnyOrderWithQuality() throws IOException {
        CsvFiles.Read read = read("\uFEFFValue,Comment,Topic,Timestamp_ms,Quality\n"
            + "1.5,ok,a/b,1000,Good\n"
            + "2.5,,a/b,2000,0x40000000\n"
            + "3.5,,a/b,3000,bad\n"
            + "5.5,,a/b,5000,\n"
            + "4.5,,a/b,4000,excellent\n");
        assertEquals(List.of("2 a/b 1000000000 1.5 0", "3 a/b 2000000000 2.5 1073741824",
            "4 a/b 3000000000 3.5 -2147483648", "5 a/b 5000000000 5.5 0"), read.samples());
        assertTrue(read.rejections().get(0).startsWith("6 quality 'excellent' is not Good"), read.rejections().toString());
        assertTrue(read.description().contains("columns not imported: Comment"), read.description());
    }

    @Test
    void wideLayoutWithPrefixSkipsEmptyCellsAndReportsBadOnes() throws IOException {
        CsvImportOptions options = CsvImportOptions.defaults().withPrefix("acme/dallas/");
        CsvFiles.Read read = CsvFiles.read(write("wide.csv", "Timestamp,Temp,Speed\n"
            + "2026-01-01T00:00:00Z,20.5,100\n"
            + "2026-01-01T00:00:01Z,,101\n"
            + "2026-01-01T00:00:02Z,n/a,102\n"
            + "yesterday,1,2\n"), options);
        assertEquals(List.of("2 acme/dallas/Temp 1767225600000000000 20.5 0", "2 acme/dallas/Speed 1767225600000000000 100.0 0",
            "3 acme/dallas/Speed 1767225601000000000 101.0 0", "4 acme/dallas/Speed 1767225602000000000 102.0 0"),
            read.samples());
        assertEquals(2, read.rejections().size(), read.rejections().toString());
        assertTrue(read.rejections().get(0).startsWith("4 column 'Temp': value is not a number: 'n/a'"),
            read.rejections().toString());
        assertTrue(read.rejections().get(1).startsWith("5 time is not an ISO-8601"), read.rejections().toString());
        assertTrue(read.description().startsWith("wide layout, 2 tag columns"), read.description());
    }

    @Test
    void wideLayoutWithAMappingImportsOnlyMappedColumns() throws IOException {
        Path mapping = write("map.csv", "column,path\n# the line's two tags\nFIC-101.PV,acme/dallas/line1/flow\n"
            + "\"TIC 102\",acme/dallas/line1/temperature\n");
        CsvImportOptions options = CsvImportOptions.defaults().withMapping(CsvImportOptions.readMapping(mapping));
        CsvFiles.Read read = CsvFiles.read(write("wide.csv", "time_s,FIC-101.PV,TIC 102,Unmapped\n10,1,2,3\n"),
            options);
        assertEquals(List.of("2 acme/dallas/line1/flow 10000000000 1.0 0",
            "2 acme/dallas/line1/temperature 10000000000 2.0 0"), read.samples());
        assertTrue(read.description().contains("columns not imported: Unmapped"), read.description());
    }

    @Test
    void headersThatFitNoLayoutAreRefusedWithWhatToDo() throws IOException {
        assertHeaderError("", "empty file");
        assertHeaderError("path,value\n", "no time column");
        assertHeaderError("path,timestamp_ms\n", "no value column");
        assertHeaderError("time,a+b\n", "column 'a+b' (column 2) makes the path 'a+b'");
        assertHeaderError("time,value\n1,2\n", "");   // wide: 'value' is a tag named value, which is fine
        CsvFormatException twice = assertThrows(CsvFormatException.class, () -> CsvFiles.read(write("m.csv",
            "time,A,B\n"), CsvImportOptions.defaults().withMapping(Map.of("A", "x/y", "B", "x/y"))));
        assertTrue(twice.getMessage().contains("both make the path 'x/y'"), twice.getMessage());
        CsvFormatException badMapping = assertThrows(CsvFormatException.class,
            () -> CsvImportOptions.readMapping(write("bad-map.csv", "A,x/y,extra\n")));
        assertTrue(badMapping.getMessage().endsWith(":1: expected two fields, column,path; got 3"),
            badMapping.getMessage());
    }

    @Test
    void anUnclosedQuoteIsOneBadRowThatSaysToCheckTheQuotes() throws IOException {
        StringBuilder text = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 10; i++) {
            text.append("a,").append(i).append(",1\n");
        }
        text.append("\"never closed,11,1\nb,12,1\nb,13,1\n");
        CsvFiles.Read read = read(text.toString());
        assertEquals(10, read.samples().size());
        assertEquals(1, read.rejections().size());
        assertTrue(read.rejections().get(0).startsWith("12 invalid path 'never closed,11,1\\nb,12,1"), read.rejections()
            .toString());
        assertTrue(read.rejections().get(0).endsWith("; a quoted field on this line runs over 3 more lines: check its "
            + "quotes"), read.rejections().toString());
    }

    private void assertHeaderError(String content, String expected) throws IOException {
        Path file = write("header.csv", content);
        if (expected.isEmpty()) {
            CsvFiles.read(file);
            return;
        }
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvFiles.read(file));
        assertTrue(e.getMessage().contains(":1: ") && e.getMessage().contains(expected), e.getMessage());
    }

    private CsvFiles.Read read(String content) throws IOException {
        return CsvFiles.read(write("in.csv", content));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
