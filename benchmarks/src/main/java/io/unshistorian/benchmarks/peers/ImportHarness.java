package io.unshistorian.benchmarks.peers;

import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CSV import speed as a user sees it: {@code ./historian import} (the launcher and a fresh JVM each
 * time, run from the repository root) of a generated plant file in the long and the wide layout, into a data directory and into
 * a running server, against VictoriaMetrics' {@code /api/v1/import/csv} of the same samples, in one
 * run, interleaved round by round. A figure is samples / wall seconds of the whole import (JVM
 * start, parse, store, close; for VictoriaMetrics the HTTP upload and a flush), median of the rounds.
 * Files are written before anything is timed; the server and VictoriaMetrics are started before
 * their import is timed and are empty each round.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.peers.ImportHarness
 *     [--series 1000] [--steps 10000] [--rounds 3]</pre>
 */
public final class ImportHarness {
    private static final long START_MS = 1_735_689_600_000L;   // 2025-01-01T00:00:00Z
    private static final Pattern STORED = Pattern.compile("(\\d+) samples stored");

    private final Path work;
    private final int series;
    private final int steps;
    private final String launcher = System.getProperty("uns.launcher", "./historian");

    private ImportHarness(Path work, int series, int steps) {
        this.work = work;
        this.series = series;
        this.steps = steps;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--series", "1000", "--steps", "10000", "--rounds", "3"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        Path work = Files.createTempDirectory("import-harness");
        ImportHarness harness = new ImportHarness(work, Integer.parseInt(options.get("--series")),
            Integer.parseInt(options.get("--steps")));
        try {
            harness.run(Integer.parseInt(options.get("--rounds")));
        } finally {
            delete(work);
        }
    }

    private void run(int rounds) throws Exception {
        long samples = (long) series * steps;
        Path longFile = work.resolve("long.csv");
        Path wideFile = work.resolve("wide.csv");
        writeFiles(longFile, wideFile);
        Path longForVm = withoutHeader(longFile);
        Path wideForVm = withoutHeader(wideFile);
        System.out.printf(Locale.ROOT, "%,d series x %,d steps = %,d samples; long %,d MB, wide %,d MB; %s%n", series,
            steps, samples, Files.size(longFile) >> 20, Files.size(wideFile) >> 20, System.getProperty("java.version"));
        boolean victoria = VictoriaMetricsPeer.available();
        if (!victoria) {
            System.out.println("victoria-metrics not installed (apt-get install victoria-metrics): left out");
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String layout : List.of("long", "wide")) {
                Path file = layout.equals("long") ? longFile : wideFile;
                List<String> extra = layout.equals("long") ? List.of() : List.of("--prefix", "acme/plant/");
                record(rates, layout + " -> directory", samples, ourImportIntoDirectory(file, extra, samples));
                record(rates, layout + " -> server", samples, ourImportIntoServer(file, extra, samples));
                if (victoria) {
                    record(rates, layout + " -> VictoriaMetrics", samples, victoriaImport(layout.equals("long")
                        ? longForVm : wideForVm, layout, samples));
                }
            }
            System.out.println("round " + round + " done");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %16s %14s%n", "import (median of " + rounds + ")", "samples/s", "ours / VM");
        for (Map.Entry<String, List<Double>> entry : rates.entrySet()) {
            String layout = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            double median = median(entry.getValue());
            List<Double> vm = rates.get(layout + " -> VictoriaMetrics");
            String ratio = vm == null || entry.getKey().endsWith("VictoriaMetrics") ? ""
                : String.format(Locale.ROOT, "%.2f", median / median(vm));
            System.out.printf(Locale.ROOT, "%-28s %,16.0f %14s   rounds %s%n", entry.getKey(), median, ratio,
                entry.getValue().stream().map(v -> String.format(Locale.ROOT, "%.2fM", v / 1e6)).toList());
        }
    }

    private static void record(Map<String, List<Double>> rates, String name, long samples, double seconds) {
        rates.computeIfAbsent(name, n -> new ArrayList<>()).add(samples / seconds);
        System.out.printf(Locale.ROOT, "  %-26s %6.2f s  %,.0f samples/s%n", name, seconds, samples / seconds);
    }

    /** Plant-like values: random walks rounded to 3 decimals, one per series per second. */
    private void writeFiles(Path longFile, Path wideFile) throws IOException {
        SplittableRandom random = new SplittableRandom(20261126);
        double[] values = new double[series];
        for (int s = 0; s < series; s++) {
            values[s] = random.nextDouble(0, 100);
        }
        try (BufferedWriter longCsv = Files.newBufferedWriter(longFile, StandardCharsets.UTF_8);
             BufferedWriter wideCsv = Files.newBufferedWriter(wideFile, StandardCharsets.UTF_8)) {
            longCsv.write("path,timestamp_ms,value\n");
            StringBuilder header = new StringBuilder("timestamp_ms");
            for (int s = 0; s < series; s++) {
                header.append(",tag").append(s);
            }
            wideCsv.write(header.append('\n').toString());
            StringBuilder row = new StringBuilder();
            for (int step = 0; step < steps; step++) {
                long t = START_MS + step * 1000L;
                row.setLength(0);
                row.append(t);
                for (int s = 0; s < series; s++) {
                    values[s] += random.nextDouble(-0.5, 0.5);
                    String value = String.format(Locale.ROOT, "%.3f", values[s]);
                    longCsv.write(path(s) + "," + t + "," + value + "\n");
                    row.append(',').append(value);
                }
                wideCsv.write(row.append('\n').toString());
            }
        }
    }

    private static String path(int s) {
        return "acme/site" + s % 2 + "/area" + s % 3 + "/line" + s % 4 + "/cell" + s % 5 + "/tag" + s;
    }

    private Path withoutHeader(Path file) throws IOException {
        Path copy = work.resolve("vm-" + file.getFileName());
        try (var lines = Files.lines(file); BufferedWriter out = Files.newBufferedWriter(copy)) {
            for (var it = lines.skip(1).iterator(); it.hasNext(); ) {
                out.write(it.next());
                out.write('\n');
            }
        }
        return copy;
    }

    private double ourImportIntoDirectory(Path file, List<String> extra, long samples) throws Exception {
        Path data = work.resolve("data-dir");
        delete(data);
        try {
            return timedImport(file, extra, List.of("--data", data.toString()), samples);
        } finally {
            delete(data);
        }
    }

    private double ourImportIntoServer(Path file, List<String> extra, long samples) throws Exception {
        Path data = work.resolve("data-server");
        delete(data);
        int port = freePort();
        Process server = java("serve", "--data", data.toString(), "--port", String.valueOf(port), "--flight-port",
            String.valueOf(freePort()), "--http-port", "-1")
            .redirectOutput(work.resolve("serve.log").toFile()).redirectErrorStream(true).start();
        try {
            awaitPort(port, server);
            return timedImport(file, extra, List.of("--server", "127.0.0.1:" + port), samples);
        } finally {
            server.destroy();
            server.waitFor();
            delete(data);
        }
    }

    private double timedImport(Path file, List<String> extra, List<String> target, long samples) throws Exception {
        List<String> command = new ArrayList<>(List.of("import", file.toString(), "--quiet"));
        command.addAll(extra);
        command.addAll(target);
        long start = System.nanoTime();
        Process process = java(command.toArray(String[]::new)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        Matcher stored = STORED.matcher(output);
        if (exit != 0 || !stored.find() || Long.parseLong(stored.group(1)) != samples) {
            throw new IllegalStateException("import did not store all " + samples + " samples (exit " + exit + "):\n"
                + output);
        }
        return seconds;
    }

    private double victoriaImport(Path file, String layout, long samples) throws Exception {
        Path data = work.resolve("data-vm");
        delete(data);
        try (VictoriaMetricsPeer vm = new VictoriaMetricsPeer(data)) {
            String format;
            if (layout.equals("long")) {
                format = "1:label:path,2:time:unix_ms,3:metric:value";
            } else {
                StringBuilder columns = new StringBuilder("1:time:unix_ms");
                for (int s = 0; s < series; s++) {
                    columns.append(',').append(s + 2).append(":metric:tag").append(s);
                }
                format = columns.toString();
            }
            long start = System.nanoTime();
            vm.importCsvFile(file, format);
            double seconds = (System.nanoTime() - start) / 1e9;
            long counted = vm.countSamples(layout.equals("long") ? "value" : "{__name__=~\"tag.*\"}");
            if (counted != samples) {
                throw new IllegalStateException("VictoriaMetrics holds " + counted + " of " + samples + " samples");
            }
            return seconds;
        } finally {
            delete(data);
        }
    }

    /** The launcher a user runs (it also maps the class-data archive it keeps beside the jar). */
    private ProcessBuilder java(String... arguments) {
        List<String> command = new ArrayList<>(List.of(launcher));
        command.addAll(Arrays.asList(arguments));
        return new ProcessBuilder(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static void awaitPort(int port, Process server) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!server.isAlive()) {
                throw new IllegalStateException("the server exited with " + server.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the server did not listen on " + port);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
            : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void delete(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
        }
    }
}
