package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.unshistorian.testkit.DataSets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a user runs it: separate processes. Imports a shared data set, queries it, and checks
 * the answers against values computed here from the CSV file directly.
 */
class CliProcessTest {
    @TempDir
    Path dir;

    private String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(HistorianCli.class.getName());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the CLI did not finish");
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "exit code of " + List.of(arguments) + ":\n" + text);
        return text;
    }

    @Test
    void importThenQueryAgreesWithTheCsv() throws Exception {
        Path csv = DataSets.sampleFile("nab_machine_temperature");
        Assumptions.assumeTrue(csv != null, DataSets::skipReason);
        Path data = dir.resolve("data");
        String imported = run("import", csv.toString(), "--data", data.toString(), "--quiet");
        assertTrue(imported.contains("22695 rows read, 22695 samples stored, 0 rejected"), imported);

        // Independently: the last write of each timestamp, straight from the file.
        TreeMap<Long, Double> expected = new TreeMap<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
            String[] fields = line.split(",");
            expected.put(Long.parseLong(fields[1]), Double.parseDouble(fields[2]));
        }
        long day = Instant.parse("2014-01-07T00:00:00Z").toEpochMilli();
        double sum = 0;
        int count = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : expected.subMap(day, day + 86_400_000L).values()) {
            sum += v;
            count++;
            max = Math.max(max, v);
        }
        String aggregate = run("query", "nab/#", "--data", data.toString(), "--start", "2014-01-07T00:00:00Z",
            "--end", "2014-01-08T00:00:00Z", "--every", "1d", "--format", "csv", "--timestamps", "ms");
        String[] row = aggregate.strip().split("\n")[1].split(",");
        assertEquals(Long.toString(day), row[1]);
        assertEquals(count, Integer.parseInt(row[2]), aggregate);
        assertEquals(max, Double.parseDouble(row[4]), 0.0, aggregate);
        assertEquals(sum / count, Double.parseDouble(row[5]), 1e-9, aggregate);

        String raw = run("query", "nab/machine/temperature", "--data", data.toString(), "--start",
            "2014-01-07T02:00:00Z", "--end", "2014-01-07T03:00:00Z", "--format", "csv", "--timestamps", "ms");
        List<String> lines = raw.strip().lines().skip(1).toList();
        assertEquals(12, lines.size(), "the repeated hour holds 12 samples (last write wins):\n" + raw);
        long first = Instant.parse("2014-01-07T02:00:00Z").toEpochMilli();
        assertEquals(expected.get(first), Double.parseDouble(lines.get(0).split(",")[2]), 0.0);

        String latest = run("latest", "#", "--data", data.toString(), "--format", "json", "--timestamps", "ms");
        assertTrue(latest.contains("\"time\":" + expected.lastKey()), latest);
        String browse = run("browse", "nab", "--data", data.toString(), "--format", "csv");
        assertTrue(browse.contains("nab/machine,false,true"), browse);
    }

    @Test
    void badRowsAreReportedWithTheirLineAndTheGoodOnesKept() throws Exception {
        Path csv = Files.writeString(dir.resolve("mixed.csv"), "path,timestamp,value\n"
            + "plant/a,2026-01-01T00:00:00Z,1.5\n"
            + "plant/a,yesterday,2\n"
            + "plant/a,2026-01-01T00:00:01Z,oops\n"
            + "plant/a,2026-01-01T00:00:02Z,3.5\n");
        Path data = dir.resolve("data");
        List<String> command = new ArrayList<>(List.of("import", csv.toString(), "--data", data.toString(), "--quiet"));
        String output;
        try {
            output = run(command.toArray(new String[0]));
        } catch (AssertionError e) {
            output = e.getMessage();
        }
        assertTrue(output.contains("mixed.csv:3: time is not an ISO-8601 date-time"), output);
        assertTrue(output.contains("mixed.csv:4: value is not a number: 'oops'"), output);
        assertTrue(output.contains("4 rows read, 2 samples stored, 2 rejected"), output);
        String raw = run("query", "plant/a", "--data", data.toString(), "--start", "2026-01-01T00:00:00Z", "--end",
            "2026-01-02T00:00:00Z", "--format", "csv");
        assertEquals(3, raw.strip().lines().count(), raw);
    }
}
