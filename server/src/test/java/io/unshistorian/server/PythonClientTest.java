package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Grants;
import io.unshistorian.server.security.Right;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.testkit.TestCertificates;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Python client (Debian's python3-grpcio and python3-grpc-tools) compiles the project's own
 * .proto files and writes, reads, aggregates and asks for latest values over a real socket — in
 * plaintext, and over TLS with an API token and grants.
 * CI installs the two packages; elsewhere the test says what is missing in its skip reason.
 */
class PythonClientTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void aPythonClientWritesAndReadsBack() throws Exception {
        Assumptions.assumeTrue(pythonHasGrpc(), PYTHON + " with the grpc and grpc_tools modules is needed: "
            + "apt-get install python3-grpcio python3-grpc-tools");
        try (Historian historian = Historian.open(dir.resolve("data"),
            StorageOptions.builder().backgroundCompaction(false).build());
             HistorianServer server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test")) {
            Process client = new ProcessBuilder(PYTHON, Path.of("src/test/python/historian_client.py").toString(),
                Path.of("../grpc-api/src/main/proto").toString(), Integer.toString(server.port()))
                .redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(client.waitFor(120, TimeUnit.SECONDS), "the Python client did not finish");
            assertEquals(0, client.exitValue(), output);
            assertTrue(output.contains("OK 60 samples"), output);
        }
    }

    @Test
    void aPythonClientUsesTlsAndAnApiToken() throws Exception {
        Assumptions.assumeTrue(pythonHasGrpc(), PYTHON + " with the grpc and grpc_tools modules is needed: "
            + "apt-get install python3-grpcio python3-grpc-tools");
        Assumptions.assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        Path data = dir.resolve("data");
        try (Historian historian = Historian.open(data, StorageOptions.builder().backgroundCompaction(false).build())) {
            historian.writeDouble("secret/line1/x", 1_000, 1.0);
            String token = ApiTokens.of(data).create("python");
            Grants.of(data).add(new Grants.Grant("token:python", Right.ADMIN, "python/#"));
            TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), null);
            try (Security security = Security.of(data, true, null);
                 HistorianServer server = HistorianServer.start(historian, new HistorianServer.Settings("127.0.0.1", 0,
                     HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, tls, security), "test")) {
                Process client = new ProcessBuilder(PYTHON, Path.of("src/test/python/historian_client.py").toString(),
                    Path.of("../grpc-api/src/main/proto").toString(), Integer.toString(server.port()),
                    pki.ca().toString(), token).redirectErrorStream(true).start();
                String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(client.waitFor(120, TimeUnit.SECONDS), "the Python client did not finish");
                assertEquals(0, client.exitValue(), output);
                assertTrue(output.contains("OK 60 samples"), output);
            }
        }
    }

    private static boolean pythonHasGrpc() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return false;
        }
        Process probe = new ProcessBuilder(PYTHON, "-c", "import grpc, grpc_tools.protoc").redirectErrorStream(true)
            .start();
        probe.getInputStream().readAllBytes();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
