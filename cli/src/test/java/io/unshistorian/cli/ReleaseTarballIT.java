package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release tarball (cli/src/dist): unpacked, its launcher runs the historian from any place it is
 * linked from, serve runs from its default config and stops on SIGTERM as systemd stops it,
 * install.sh installs into a staging root and keeps settings on a second run, and the unit passes
 * {@code systemd-analyze verify}.
 */
class ReleaseTarballIT {
    @TempDir
    Path dir;

    @Test
    void everyJarTheManifestNamesIsInTheRelease() throws Exception {
        Path lib = Release.home().resolve("lib");
        Manifest manifest;
        try (JarFile jar = new JarFile(lib.resolve("historian.jar").toFile())) {
            manifest = jar.getManifest();
        }
        String classPath = manifest.getMainAttributes().getValue("Class-Path");
        List<String> missing = new ArrayList<>();
        for (String entry : classPath.split(" ")) {
            if (!Files.isRegularFile(lib.resolve(entry))) {
                missing.add(entry);
            }
        }
        assertTrue(classPath.split(" ").length > 50, classPath);
        assertEquals(List.of(), missing, "jars the manifest names that lib/ lacks");
        assertEquals(Release.version(), manifest.getMainAttributes().getValue("Implementation-Version"));
    }

    @Test
    void theLauncherFindsItsReleaseThroughASymlink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("historian"), Release.home().resolve("bin/historian"));
        String out = Release.exec(List.of(link.toString(), "--version"));
        assertEquals("UNS Historian " + Release.version(), out.strip());
    }

    @Test
    void theLauncherRefusesAJavaOlderThan17InOneLine() throws Exception {
        Path fakeJava = dir.resolve("old-jdk/bin/java");
        Files.createDirectories(fakeJava.getParent());
        Files.writeString(fakeJava, "#!/bin/sh\necho '    java.specification.version = 11' >&2\n");
        fakeJava.toFile().setExecutable(true);
        ProcessBuilder launcher = Release.command(List.of(Release.home().resolve("bin/historian").toString(), "--version"));
        launcher.environment().put("JAVA_HOME", dir.resolve("old-jdk").toString());
        Process process = launcher.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(1, process.waitFor());
        assertEquals(fakeJava + " is Java 11; UNS Historian needs Java 17 or later (or set JAVA_HOME to one)",
            out.replace("historian: ", ""));
    }

    @Test
    void historianBackupRefusesADirectoryThatIsNotAHistorians() throws Exception {
        Process process = Release.command(List.of(Release.home().resolve("bin/historian-backup").toString(), "--pid",
            "0", dir.toString(), dir.resolve("backup.tar").toString())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(2, process.waitFor());
        assertEquals("historian-backup: " + dir + " is not a UNS Historian data directory (no store.properties)", out);
        assertTrue(!Files.exists(dir.resolve("backup.tar")));
    }

    @Test
    void serveRunsFromTheDefaultConfigAndStopsOnSigterm() throws Exception {
        Path config = Release.config(dir.resolve("data"), dir.resolve("historian.properties"));
        Path csv = Files.writeString(dir.resolve("samples.csv"), "path,timestamp,value\n"
            + "acme/dallas/line1/temperature,2026-01-01T00:00:00Z,20.5\n"
            + "acme/dallas/line1/temperature,2026-01-01T00:00:01Z,21.25\n"
            + "acme/dallas/line1/count,2026-01-01T00:00:00Z,7\n");
        try (Release.Server server = Release.Server.serve(config)) {
            assertTrue(server.output().contains("UNS Historian " + Release.version() + " serving"), server.output());
            HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + httpPort(server) + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), "the release's health endpoint: " + ready.body());
            String imported = Release.historian("import", csv.toString(), "--server", server.address, "--quiet");
            assertTrue(imported.contains("3 rows read, 3 samples stored, 0 rejected"), imported);
            String raw = Release.historian("query", "acme/#", "--server", server.address, "--start",
                "2026-01-01T00:00:00Z", "--end", "2026-01-01T00:01:00Z", "--format", "csv");
            assertTrue(raw.contains("acme/dallas/line1/temperature,2026-01-01T00:00:01Z,21.25"), raw);
            assertEquals(4, raw.strip().lines().count(), raw);
            int exit = server.stop();
            assertTrue(exit == 0 || unitLine("SuccessExitStatus").equals(Integer.toString(exit)),
                "serve exited " + exit + " on SIGTERM, which the unit does not count as success:\n" + server.output());
        }
        String verified = Release.historian("verify", "--data", dir.resolve("data").toString());
        assertTrue(verified.contains("everything checks out"), verified);
    }

    /** The HTTP port from the banner line that follows the gRPC one. */
    private static int httpPort(Release.Server server) throws InterruptedException {
        Pattern http = Pattern.compile("HTTP on http://127\\.0\\.0\\.1:(\\d+)");
        for (int attempt = 0; attempt < 200; attempt++) {
            Matcher line = http.matcher(server.output());
            if (line.find()) {
                return Integer.parseInt(line.group(1));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no HTTP line in serve's banner:\n" + server.output());
    }

    @Test
    void installShInstallsIntoARootAndKeepsTheSettingsOnARerun() throws Exception {
        Path root = dir.resolve("root");
        String version = Release.version();
        String first = Release.exec(List.of(Release.home().resolve("install.sh").toString(), "--root", root.toString()));
        assertTrue(first.contains("wrote " + root.resolve("etc/uns-historian/historian.properties")), first);
        Path prefix = root.resolve("opt/uns-historian");
        assertEquals(Path.of(version), Files.readSymbolicLink(prefix.resolve("current")));
        assertEquals(Path.of("/opt/uns-historian/current/bin/historian"),
            Files.readSymbolicLink(root.resolve("usr/local/bin/historian")));
        assertEquals(Path.of("/opt/uns-historian/current/bin/historian-backup"),
            Files.readSymbolicLink(root.resolve("usr/local/bin/historian-backup")));
        assertTrue(Files.isDirectory(root.resolve("var/lib/uns-historian")));
        assertTrue(Files.readString(root.resolve("etc/systemd/system/uns-historian.service"))
            .contains("\nExecStart=/opt/uns-historian/current/bin/historian serve --config "
                + "/etc/uns-historian/historian.properties\n"));
        assertEquals("UNS Historian " + version,
            Release.exec(List.of(prefix.resolve("current/bin/historian").toString(), "--version")).strip());

        Path config = root.resolve("etc/uns-historian/historian.properties");
        Files.writeString(config, "port = 4800\n");
        String second = Release.exec(List.of(Release.home().resolve("install.sh").toString(), "--root", root.toString()));
        assertTrue(second.contains("kept " + config), second);
        assertEquals("port = 4800\n", Files.readString(config));
        assertEquals(Files.readString(Release.home().resolve("etc/historian.properties")),
            Files.readString(root.resolve("etc/uns-historian/historian.properties.default")));
    }

    @Test
    void installShPointsTheUnitAtAnotherPrefix() throws Exception {
        Path root = dir.resolve("root");
        Release.exec(List.of(Release.home().resolve("install.sh").toString(), "--root", root.toString(), "--prefix",
            "/srv/historian"));
        assertTrue(Files.isExecutable(root.resolve("srv/historian/current/bin/historian")));
        String unit = Files.readString(root.resolve("etc/systemd/system/uns-historian.service"));
        assertTrue(unit.contains("\nExecStart=/srv/historian/current/bin/historian serve"), unit);
        assertTrue(!unit.contains("/opt/uns-historian"), unit);
    }

    @Test
    void theUnitPassesSystemdAnalyzeVerify() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"),
            "systemd-analyze is not installed (Debian package systemd); the unit was not verified");
        // verify checks that ExecStart exists: the unit as install.sh writes it, pointed at this release.
        Path unit = dir.resolve("uns-historian.service");
        Files.writeString(unit, Files.readString(Release.home().resolve("systemd/uns-historian.service"))
            .replace("/opt/uns-historian/current/", Release.home() + "/"));
        String out = Release.exec(List.of("systemd-analyze", "verify", unit.toString()));
        assertEquals("", out.strip(), "systemd-analyze verify found problems (it exits 0 for ignored lines)");
    }

    private static boolean onPath(String program) throws IOException, InterruptedException {
        return new ProcessBuilder("sh", "-c", "command -v " + program).start().waitFor() == 0;
    }

    /** The value of {@code key=} in the release's unit. */
    private static String unitLine(String key) throws IOException, InterruptedException {
        return Files.readAllLines(Release.home().resolve("systemd/uns-historian.service")).stream()
            .filter(line -> line.startsWith(key + "=")).map(line -> line.substring(key.length() + 1)).findFirst()
            .orElse("(none)");
    }
}
