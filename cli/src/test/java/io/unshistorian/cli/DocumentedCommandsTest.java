package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.unshistorian.embedded.Historian;
import io.unshistorian.ingest.simulation.SimulatedPlant;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.ChildJvm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * Docs that cannot go stale: runs every command of the README and of docs/ that sits in a fenced
 * block whose info string is {@code bash tested}, i.e. a block opened by the line
 * <pre>
 *   ```bash tested
 * </pre>
 * (GitHub still highlights it as bash). Each line is one command (a line ending in {@code \}
 * continues on the next; blank and comment lines are skipped), run by {@code bash -c} in a
 * directory that holds a seeded {@code historian-data}, with {@code historian} and {@code
 * ./historian} being this build's command line (the launcher minus its build step) and a real
 * {@code historian serve} on free ports holding another seeded data directory, with {@code
 * 127.0.0.1:4747} and {@code 127.0.0.1:4748} in a command replaced by its gRPC and Arrow Flight
 * addresses, and HISTORIAN_SERVER set to the gRPC address for commands without {@code --server}.
 * {@code ../shared/data/skab/samples.csv} is a small generated file of that shape. A command that
 * exits non-zero fails the test, naming the file, the line, the command and its output. Mark only
 * commands that run in that setting (no MQTT broker, no Python, no other hosts); docs/tested-commands.md
 * says the same for writers.
 */
class DocumentedCommandsTest {
    static final String MARKER = "```bash tested";
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private Process server;

    /** One documented command: where it is written, and the command line as written. */
    record Command(String file, int line, String text) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + text;
        }
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();   // SIGTERM: a graceful stop
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void everyTestedCommandOfTheDocsRuns() throws Exception {
        Path root = RepositoryRoot.find();
        List<Command> commands = new ArrayList<>();
        for (Path file : documents(root)) {
            commands.addAll(commands(root, file));
        }
        assertTrue(commands.size() >= 10, "expected the README's and docs' tested blocks, found: " + commands);

        Path work = Files.createDirectories(dir.resolve("work"));
        Path bin = Files.createDirectories(dir.resolve("bin"));
        launcher(work.resolve("historian"));
        launcher(bin.resolve("historian"));
        seed(work.resolve("historian-data"));
        Path served = dir.resolve("served-data");
        seed(served);
        skabLikeSamples(Files.createDirectories(dir.resolve("shared/data/skab")).resolve("samples.csv"));
        String[] addresses = serve(served);

        List<String> failures = new ArrayList<>();
        for (Command command : commands) {
            String text = command.text().replace("127.0.0.1:4747", addresses[0]).replace("127.0.0.1:4748", addresses[1]);
            ProcessBuilder bash = new ProcessBuilder("bash", "-o", "pipefail", "-c", text).directory(work.toFile())
                .redirectErrorStream(true);
            Map<String, String> environment = bash.environment();
            environment.put("PATH", bin + java.io.File.pathSeparator + environment.getOrDefault("PATH", ""));
            environment.put("HISTORIAN_SERVER", addresses[0]);
            environment.remove("HISTORIAN_TOKEN");
            environment.remove("HISTORIAN_JAVA_OPTS");
            Process process = bash.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                failures.add(command + "\n  did not finish in 60 s");
            } else if (process.exitValue() != 0) {
                failures.add(command + "\n  exited " + process.exitValue() + (text.equals(command.text()) ? ""
                    : " (run as: " + text + ")") + ":\n  " + new String(output, StandardCharsets.UTF_8).strip()
                    .replace("\n", "\n  "));
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " of " + commands.size() + " documented commands failed (blocks marked "
                + MARKER + "):\n" + String.join("\n", failures));
        }
    }

    /** docs/grpc.md's synopses of serve and demo name every flag their --help lists, and every --config key. */
    @Test
    void theSynopsesOfServeAndDemoNameEveryFlag() throws IOException {
        String grpc = Files.readString(RepositoryRoot.find().resolve("docs/grpc.md"), StandardCharsets.UTF_8);
        List<String> missing = new ArrayList<>();
        for (String[] command : new String[][] {{"serve", "./historian serve [", "./historian demo ["},
            {"demo", "./historian demo [", "./historian import "}}) {
            int start = grpc.indexOf(command[1]);
            int end = start < 0 ? -1 : grpc.indexOf(command[2], start);
            assertTrue(start >= 0 && end > start, "docs/grpc.md has no synopsis '" + command[1] + "…'");
            String synopsis = grpc.substring(start, end);
            for (CommandLine.Model.OptionSpec option : HistorianCli.newCommandLine().getSubcommands().get(command[0])
                .getCommandSpec().options()) {
                String name = option.longestName();
                if (!List.of("--help", "--version", "--verbose").contains(name)
                    && !Pattern.compile(Pattern.quote(name) + "(?![\\w-])").matcher(synopsis).find()) {
                    missing.add(command[0] + " " + name);
                }
            }
        }
        assertTrue(missing.isEmpty(), "docs/grpc.md's synopsis (The command line) lacks " + missing
            + ": add them as `historian serve --help` / `demo --help` show them");
        List<String> keys = ServeConfig.SERVER_KEYS.stream().filter(key -> !grpc.contains("`" + key + "`")).toList();
        assertTrue(keys.isEmpty(), "docs/grpc.md does not name the serve --config keys " + keys);
    }

    /** The repository root: the parent of this module's directory (Maven runs tests in the module). */

    /** README.md and every Markdown file under docs/. */
    static List<Path> documents(Path root) throws IOException {
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The commands of the file's {@value #MARKER} blocks, with the line each starts on. */
    static List<Command> commands(Path root, Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String name = root.relativize(file).toString();
        List<Command> commands = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder pending = null;
        int pendingLine = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!inBlock) {
                inBlock = line.equals(MARKER);   // at the start of the line: an indented one shows the marker
                continue;
            }
            if (line.startsWith("```")) {
                if (pending != null) {
                    throw new IllegalStateException(name + ":" + pendingLine + ": the block ends inside a continued "
                        + "command");
                }
                inBlock = false;
                continue;
            }
            if (pending == null && (line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            if (pending == null) {
                pending = new StringBuilder();
                pendingLine = i + 1;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
            } else {
                pending.append(line);
                commands.add(new Command(name, pendingLine, pending.toString().strip()));
                pending = null;
            }
        }
        if (inBlock) {
            throw new IllegalStateException(name + ": a " + MARKER + " block is not closed");
        }
        return commands;
    }

    /** {@code historian} as the launcher runs it, from this build's classes: a script on the test's class path. */
    private static void launcher(Path script) throws IOException {
        List<String> command = ChildJvm.command(List.of("-XX:TieredStopAtLevel=1"), HistorianCli.class);
        int classPath = command.indexOf("-cp");
        String java = command.subList(0, classPath).stream().map(DocumentedCommandsTest::quoted)
            .collect(Collectors.joining(" ")) + " ${HISTORIAN_JAVA_OPTS:-} " + command.subList(classPath, command.size())
            .stream().map(DocumentedCommandsTest::quoted).collect(Collectors.joining(" "));
        Files.writeString(script, "#!/usr/bin/env bash\n# historian, as the launcher runs it, from the classes under "
            + "test\nexec " + java + " \"$@\"\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The demo's plant over the last 15 minutes, one sample per tag and second. */
    private static void seed(Path data) throws IOException {
        SimulatedPlant plant = new SimulatedPlant(42, 2, 3, 4);
        long now = System.currentTimeMillis() / 1000 * SECOND;
        try (Historian historian = Historian.open(data)) {
            for (long t = now - 900 * SECOND; t <= now; t += 60 * SECOND) {
                WriteBatch batch = new WriteBatch();
                for (long s = t; s < t + 60 * SECOND && s <= now; s += SECOND) {
                    plant.tick(s, new SimulatedPlant.Sink() {
                        @Override
                        public void doubleSample(String path, long timestampNanos, double value) {
                            batch.addDouble(path, timestampNanos, value);
                        }

                        @Override
                        public void longSample(String path, long timestampNanos, long value) {
                            batch.addLong(path, timestampNanos, value);
                        }

                        @Override
                        public void booleanSample(String path, long timestampNanos, boolean value) {
                            batch.addBoolean(path, timestampNanos, value);
                        }

                        @Override
                        public void stringSample(String path, long timestampNanos, String value) {
                            batch.addString(path, timestampNanos, value);
                        }
                    });
                }
                historian.write(batch);
            }
        }
    }

    /** A few rows in the shape of the SKAB data set's samples.csv (path, epoch ms, value). */
    private static void skabLikeSamples(Path file) throws IOException {
        StringBuilder csv = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 60; i++) {
            csv.append("skab/testbed/anomaly_free/run_0/Accelerometer1RMS,").append(1_581_168_647_000L + i * 1000L)
                .append(',').append(0.2 + i * 0.001).append('\n');
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    /** Starts {@code historian serve} on free ports; returns its gRPC and Flight addresses. */
    private String[] serve(Path data) throws IOException {
        server = new ProcessBuilder(ChildJvm.command(List.of(), HistorianCli.class, "serve", "--data", data.toString(),
            "--port", "0", "--flight-port", "0", "--http-port", "0")).redirectErrorStream(true).start();
        Pattern address = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
        String grpc = null;
        String flight = null;
        StringBuilder said = new StringBuilder();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            said.append(line).append('\n');
            Matcher m = address.matcher(line);
            if (line.contains("Arrow Flight") && m.find()) {
                flight = "127.0.0.1:" + m.group(1);
            } else if (line.contains("serving") && m.find()) {
                grpc = "127.0.0.1:" + m.group(1);
            }
            if (grpc != null && flight != null) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the server stopped
                    }
                }, "serve-output");
                drain.setDaemon(true);
                drain.start();
                return new String[] {grpc, flight};
            }
        }
        throw new IllegalStateException("historian serve did not say its addresses:\n" + said + "(JVM: "
            + ManagementFactory.getRuntimeMXBean().getInputArguments() + ")");
    }
}
