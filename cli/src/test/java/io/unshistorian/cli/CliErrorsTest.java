package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** A mistake gets one line that says what is wrong and what to do, and a non-zero exit; no stack trace. */
class CliErrorsTest {
    @TempDir
    Path dir;

    private String[] run(String... arguments) {
        StringWriter err = new StringWriter();
        CommandLine cli = HistorianCli.newCommandLine();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        int exit = cli.execute(arguments);
        return new String[] {Integer.toString(exit), err.toString()};
    }

    private static void assertOneLine(String[] result, String expected) {
        assertEquals("1", result[0], result[1]);
        assertEquals(1, result[1].strip().lines().count(), "one line: " + result[1]);
        assertTrue(result[1].contains(expected), result[1]);
        assertTrue(!result[1].contains("\tat ") && !result[1].contains("Exception:"), "no stack trace: " + result[1]);
    }

    @Test
    void aServerThatIsNotThereSaysHowToReachOne() {
        assertOneLine(run("latest", "#", "--server", "127.0.0.1:1"), "historian latest: cannot reach the server");
    }

    @Test
    void aMissingFileIsNamed() {
        assertOneLine(run("import", dir.resolve("absent.csv").toString(), "--data", dir.resolve("data").toString()),
            "historian import: no such file or directory: " + dir.resolve("absent.csv"));
    }

    @Test
    void aBadFilterSaysWhatIsWrong() throws Exception {
        io.unshistorian.embedded.Historian.open(dir.resolve("data")).close();
        assertOneLine(run("query", "a/#/b", "--data", dir.resolve("data").toString()),
            "'#' must be a whole level and the last one");
    }

    @Test
    void aPortOutOfRangeSaysWhatAPortIs() {
        assertOneLine(run("serve", "--data", dir.resolve("data").toString(), "--http-port", "70000"),
            "--http-port is 0-65535 (0 picks a free port) or -1 (off), not 70000");
        assertOneLine(run("serve", "--data", dir.resolve("data").toString(), "--port", "-1"),
            "--port is 0-65535 (0 picks a free port), not -1");
    }

    @Test
    void aBadBrokerUrlSaysWhatAUrlLooksLike() {
        assertOneLine(run("serve", "--data", dir.resolve("data").toString(), "--port", "0", "--flight-port", "-1",
            "--http-port", "-1", "--mqtt", "localhost:1883"), "broker URL 'localhost:1883' is not tcp://HOST[:PORT] or ssl://HOST[:PORT]");
    }

    @Test
    void mistypedChoicesAndTimesAreRefusedInOneLine() {
        String data = dir.resolve("data").toString();
        assertOneLine(run("query", "a/#", "--data", data, "--interpolate", "1m", "--method", "bogus"),
            "historian query: --method is previous or linear, not 'bogus'");
        assertOneLine(run("query", "a/#", "--data", data, "--start", "yesterday"), "'yesterday' is not a time");
        assertOneLine(run("query", "a/#", "--data", data, "--start", "2026-01-01", "--tz", "Mars/Olympus"),
            "--tz 'Mars/Olympus' is not a zone");
        assertOneLine(run("export", "a/#", "--data", data, "--out", dir.resolve("x").toString(), "--layout", "tall"),
            "--layout is long or wide, not 'tall'");
    }

    @Test
    void readingADirectoryThatIsNotAHistorianIsRefused() {
        assertOneLine(run("query", "#", "--data", dir.resolve("typo").toString()), "no data directory at");
        assertTrue(!java.nio.file.Files.exists(dir.resolve("typo")), "a mistyped --data creates nothing");
        assertOneLine(run("latest", "#", "--data", dir.toString()), "is not a historian data directory");
    }

    @Test
    void verboseAddsTheStackTraceAndABareCommandIsAMistake() {
        String[] verbose = run("latest", "#", "--server", "127.0.0.1:1", "--verbose");
        assertEquals("1", verbose[0]);
        assertTrue(verbose[1].contains("cannot reach the server") && verbose[1].contains("\tat "), verbose[1]);
        String[] bare = run();
        assertEquals("2", bare[0], "a bare historian is not success");
        assertTrue(bare[1].contains("Commands:"), bare[1]);
    }
}
