package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;

/**
 * The release tarball as a plant gets it: unpacked once per JVM with {@code tar} into
 * {@code uns.release.dir}, and its {@code bin/historian} run as separate processes. The failsafe
 * execution of cli/pom.xml sets both properties after {@code package} built the tarball.
 */
final class Release {
    private static final Pattern BANNER = Pattern.compile("serving historian\\.v1 on ([^ ]+):(\\d+) ");
    private static Path home;

    private Release() {
    }

    /** The unpacked {@code uns-historian-<version>/} directory. */
    static synchronized Path home() throws IOException, InterruptedException {
        if (home == null) {
            String tarball = System.getProperty("uns.release.tarball");
            String into = System.getProperty("uns.release.dir");
            // Only failsafe (after package) sets them; a unit-test run that -Dtest names these in is not theirs.
            Assumptions.assumeTrue(tarball != null && into != null,
                "the release tarball is tested after package, by failsafe (mvn verify, -Dit.test=...)");
            assertTrue(Files.isRegularFile(Path.of(tarball)), "no release tarball " + tarball + " (package builds it)");
            Path dir = Path.of(into);
            exec(List.of("rm", "-rf", dir.toString()));
            Files.createDirectories(dir);
            exec(List.of("tar", "-xzf", tarball, "-C", dir.toString()));
            try (var entries = Files.list(dir)) {
                home = entries.filter(Files::isDirectory).findFirst().orElseThrow();
            }
        }
        return home;
    }

    /** The release's version, from its VERSION file. */
    static String version() throws IOException, InterruptedException {
        return Files.readString(home().resolve("VERSION")).strip();
    }

    /** The release's default config with another data directory and free ports. */
    static Path config(Path data, Path file) throws IOException, InterruptedException {
        String text = Files.readString(home().resolve("etc/historian.properties"))
            .replaceFirst("(?m)^data = .*$", "data = " + data)
            .replaceFirst("(?m)^port = .*$", "port = 0")
            .replaceFirst("(?m)^flight-port = .*$", "flight-port = 0")
            .replaceFirst("(?m)^http-port = .*$", "http-port = 0");
        return Files.writeString(file, text);
    }

    /** {@code bin/historian arguments} (or another program of the release, then its arguments), Java from this JVM's home. */
    static ProcessBuilder command(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder;
    }

    /** Runs {@code bin/historian arguments} to its end; fails unless it exits 0. */
    static String historian(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home().resolve("bin/historian").toString()));
        command.addAll(List.of(arguments));
        return exec(command);
    }

    /** Runs a command to its end (JAVA_HOME set); fails unless it exits 0. */
    static String exec(List<String> command) throws IOException, InterruptedException {
        Process process = command(command).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "did not finish: " + command);
        String text = output.join();
        assertEquals(0, process.exitValue(), command + " failed:\n" + text);
        return text;
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A running {@code historian serve}, started by {@code command}, once its banner said where it listens. */
    static final class Server implements AutoCloseable {
        final Process process;
        final String address;
        private final StringBuffer output = new StringBuffer();

        Server(List<String> command) throws IOException {
            process = command(command).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String found = null;
            while (found == null) {
                String line = lines.readLine();
                if (line == null) {
                    break;
                }
                output.append(line).append('\n');
                Matcher banner = BANNER.matcher(line);
                if (banner.find()) {
                    found = banner.group(1) + ":" + banner.group(2);
                }
            }
            if (found == null) {
                process.destroyForcibly();
                throw new AssertionError("serve did not start: " + command + "\n" + output);
            }
            address = found;
            Thread drain = new Thread(() -> lines.lines().forEach(line -> output.append(line).append('\n')), "serve-output");
            drain.setDaemon(true);
            drain.start();
        }

        /** {@code bin/historian serve --config config}. */
        static Server serve(Path config) throws IOException, InterruptedException {
            return new Server(List.of(home().resolve("bin/historian").toString(), "serve", "--config", config.toString()));
        }

        /** SIGTERM (what systemctl stop sends), then its exit status once it is gone. */
        int stop() throws InterruptedException {
            process.destroy();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "serve did not stop on SIGTERM:\n" + output);
            return process.exitValue();
        }

        String output() {
            return output.toString();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
