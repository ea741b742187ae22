package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.unshistorian.embedded.Historian;
import io.unshistorian.export.HistorianFlightServer;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.testkit.ChildJvm;
import io.unshistorian.testkit.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code historian export --server}: the same export through a running server's Arrow Flight
 * endpoint as from the data directory, with the client commands' TLS and token options.
 */
class ExportOverFlightTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private Path seeded() throws Exception {
        Path data = dir.resolve("data");
        try (Historian historian = Historian.open(data)) {
            for (int i = 0; i < 120; i++) {
                historian.writeDouble("acme/dallas/line1/temperature", T0 + i * 1_000_000_000L, 20 + i * 0.5);
                historian.writeDouble("acme/berlin/line1/temperature", T0 + i * 1_000_000_000L, 30 - i * 0.25);
            }
        }
        return data;
    }

    private static List<String> range() {
        return List.of("--start", "2026-01-01T00:00:00Z", "--end", "2026-01-01T00:02:00Z");
    }

    private static String[] export(Object... arguments) {
        String[] command = new String[arguments.length + 1];
        command[0] = "export";
        for (int i = 0; i < arguments.length; i++) {
            command[i + 1] = arguments[i].toString();
        }
        InProcessCli.Result result = InProcessCli.run(command);
        return new String[] {Integer.toString(result.exit()), result.out(), result.err()};
    }

    private static String[] withRange(String... arguments) {
        List<String> all = new java.util.ArrayList<>(List.of(arguments));
        all.addAll(range());
        return all.toArray(new String[0]);
    }

    @Test
    void withoutFormatTheOutputFileNameChoosesIt() throws Exception {
        Path data = seeded();
        Path csv = dir.resolve("plant.csv");
        String[] result = export((Object[]) withRange("acme/#", "--data", data.toString(), "--out", csv.toString()));
        assertEquals("0", result[0], result[2]);
        assertTrue(Files.readAllLines(csv).get(0).startsWith("path,"), "a CSV header: " + Files.readAllLines(csv).get(0));
        Path arrow = dir.resolve("plant.arrow");
        assertEquals("0", export((Object[]) withRange("acme/#", "--data", data.toString(), "--out", arrow.toString()))[0]);
        assertEquals("ARROW1", new String(Files.readAllBytes(arrow), 0, 6, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals("arrow-stream", ExportCommand.formatOf(Path.of("x/plant.ARROWS")));
    }

    @Test
    void throughFlightTheExportIsTheDirectorysExport() throws Exception {
        Path data = seeded();
        for (String format : List.of("csv", "arrow", "arrow-stream")) {
            for (String layout : List.of("long", "wide")) {
                String[] shape = layout.equals("wide") ? new String[] {"--every", "10s", "--layout", "wide"}
                    : new String[] {"--layout", "long"};
                Path local = dir.resolve("local-" + layout + "." + format);
                String[] direct = export(concat(withRange("acme/#", "--data", data.toString(), "--format", format,
                    "--out", local.toString()), shape));
                assertEquals("0", direct[0], direct[2]);
            }
        }
        try (Historian historian = Historian.open(data);
             HistorianFlightServer flight = HistorianFlightServer.start(historian, "127.0.0.1", 0, false)) {
            String address = "127.0.0.1:" + flight.port();
            for (String format : List.of("csv", "arrow", "arrow-stream")) {
                for (String layout : List.of("long", "wide")) {
                    String[] shape = layout.equals("wide") ? new String[] {"--every", "10s", "--layout", "wide"}
                        : new String[] {"--layout", "long"};
                    Path remote = dir.resolve("remote-" + layout + "." + format);
                    String[] through = export(concat(withRange("acme/#", "--server", address, "--format", format,
                        "--out", remote.toString()), shape));
                    assertEquals("0", through[0], through[2]);
                    Path local = dir.resolve("local-" + layout + "." + format);
                    if (format.equals("csv")) {
                        assertEquals(Files.readString(local), Files.readString(remote), layout);
                        assertEquals(layout.equals("wide") ? 13 : 241, Files.readAllLines(remote).size(), layout);
                    } else {
                        // Same schema and batches; the IPC bytes may differ only in buffer padding and metadata.
                        assertTrue(Files.size(remote) > 0 && Math.abs(Files.size(remote) - Files.size(local)) < 1024,
                            format + " " + layout + ": " + Files.size(remote) + " vs " + Files.size(local));
                    }
                }
            }
            String[] bothWays = export(concat(withRange("acme/#", "--server", address, "--data", data.toString(),
                "--out", dir.resolve("x").toString())));
            oneLine(bothWays, "not both");
            String[] held = export(concat(withRange("acme/#", "--data", data.toString(), "--out",
                dir.resolve("x").toString())));
            oneLine(held, "export through the running server with --server");
        }
        String[] nobody = export(concat(withRange("acme/#", "--server", "127.0.0.1:1", "--out",
            dir.resolve("x").toString())));
        oneLine(nobody, "cannot reach Arrow Flight at 127.0.0.1:1");
    }

    @Test
    void aServerWithApiTokensNeedsTheToken() throws Exception {
        Path data = seeded();
        String token = ApiTokens.of(data).create("analytics");
        try (Historian historian = Historian.open(data);
             Security security = Security.of(data, true, null);
             HistorianFlightServer flight = HistorianFlightServer.start(historian, "127.0.0.1", 0, false, null,
                 security)) {
            String address = "127.0.0.1:" + flight.port();
            Path out = dir.resolve("out.csv");
            String[] allowed = export(concat(withRange("acme/dallas/#", "--server", address, "--token", token,
                "--format", "csv", "--out", out.toString())));
            assertEquals("0", allowed[0], allowed[2]);
            assertEquals(121, Files.readAllLines(out).size());
            oneLine(export(concat(withRange("acme/#", "--server", address, "--out", out.toString()))),
                "UNAUTHENTICATED");
        }
    }

    @Test
    void mutualTlsWithTheClientCommandsOptions() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        Path data = seeded();
        TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), pki.ca());
        try (Historian historian = Historian.open(data);
             HistorianFlightServer flight = HistorianFlightServer.start(historian, "127.0.0.1", 0, false, tls,
                 Security.none())) {
            String address = "127.0.0.1:" + flight.port();
            Path out = dir.resolve("out.csv");
            String[] allowed = export(concat(withRange("acme/#", "--server", address, "--tls-ca", pki.ca().toString(),
                "--tls-cert", pki.file("client.pem").toString(), "--tls-key", pki.file("client.key").toString(),
                "--format", "csv", "--out", out.toString())));
            assertEquals("0", allowed[0], allowed[2]);
            assertEquals(241, Files.readAllLines(out).size());
            String[] refused = export(concat(withRange("acme/#", "--server", address, "--tls-ca",
                pki.ca().toString(), "--out", out.toString())));
            assertEquals("1", refused[0], refused[1]);
            assertEquals(1, refused[2].strip().lines().count(), refused[2]);
        }
    }

    @Test
    void theDemoOpensFlightAndExportReadsThroughIt() throws Exception {
        Process demo = new ProcessBuilder(ChildJvm.command(List.of(), HistorianCli.class, "demo", "--data",
            dir.resolve("demo").toString(), "--port", "0", "--duration", "8s")).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(),
            StandardCharsets.UTF_8))) {
            String flight = null;
            StringBuilder said = new StringBuilder();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                said.append(line).append('\n');
                Matcher address = Pattern.compile("Arrow Flight on grpc://(127\\.0\\.0\\.1:\\d+)").matcher(line);
                if (address.find()) {
                    flight = address.group(1);
                }
                if (flight != null && line.contains("samples stored")) {
                    break;
                }
            }
            assertTrue(flight != null, "the demo did not say where Flight is:\n" + said);
            Path csv = dir.resolve("demo.csv");
            String[] exported = export("acme/dallas/#", "--server", flight, "--start", "-1h", "--end", "2100-01-01T00:00:00Z",
                "--format", "csv", "--out", csv);
            assertEquals("0", exported[0], exported[2]);
            assertTrue(Files.readAllLines(csv).size() > 1, "rows from the demo's plant");
            out.transferTo(Writer.nullWriter());
        } finally {
            assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "the demo did not stop after its duration");
        }
    }

    private static void oneLine(String[] result, String expected) {
        assertEquals("1", result[0], result[1] + result[2]);
        assertEquals(1, result[2].strip().lines().count(), result[2]);
        assertTrue(result[2].contains(expected), result[2]);
    }

    private static Object[] concat(String[] first, String... more) {
        Object[] all = new Object[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
