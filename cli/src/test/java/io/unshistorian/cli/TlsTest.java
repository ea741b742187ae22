package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.testkit.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS and mutual TLS between the server and the command line, with certificates made by {@code
 * openssl} here: only a client with a certificate from the configured CA gets in, and only over
 * TLS to a server whose certificate it trusts; a non-loopback address needs mutual TLS.
 */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void mutualTlsAdmitsOnlyClientsWithACertificateFromTheClientCa() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        TestCertificates other = TestCertificates.make(dir.resolve("other"), "other-ca");
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            historian.writeDouble("acme/dallas/temp", 1_767_225_600_000_000_000L, 21.5);
            TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), pki.ca());
            try (HistorianServer server = HistorianServer.start(historian, new HistorianServer.Settings("127.0.0.1", 0,
                HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, tls, Security.none()), "test")) {
                String address = "127.0.0.1:" + server.port();
                String[] allowed = run("latest", "acme/#", "--server", address, "--tls-ca", pki.ca().toString(),
                    "--tls-cert", pki.file("client.pem").toString(), "--tls-key", pki.file("client.key").toString());
                assertEquals("0", allowed[0], allowed[2]);
                assertTrue(allowed[1].contains("acme/dallas/temp"), allowed[1]);

                refused(run("latest", "acme/#", "--server", address), "plaintext to a TLS port");
                refused(run("latest", "acme/#", "--server", address, "--tls-ca", pki.ca().toString()),
                    "no client certificate");
                refused(run("latest", "acme/#", "--server", address, "--tls-ca", pki.ca().toString(), "--tls-cert",
                    other.file("client.pem").toString(), "--tls-key", other.file("client.key").toString()),
                    "a client certificate from another CA");
                refused(run("latest", "acme/#", "--server", address, "--tls-ca", other.ca().toString(), "--tls-cert",
                    pki.file("client.pem").toString(), "--tls-key", pki.file("client.key").toString()),
                    "a server certificate the client does not trust");
            }
        }
    }

    @Test
    void aNonLoopbackAddressNeedsMutualTls() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            IOException plaintext = assertThrows(IOException.class, () -> HistorianServer.start(historian,
                new HistorianServer.Settings("0.0.0.0", 0, HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, null, Security.none()), "t"));
            assertTrue(plaintext.getMessage().contains("without TLS and client authentication"), plaintext.getMessage());
            TlsSettings serverOnly = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), null);
            assertThrows(IOException.class, () -> HistorianServer.start(historian,
                new HistorianServer.Settings("0.0.0.0", 0, HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, serverOnly, Security.none()),
                "t"));
            TlsSettings mutual = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), pki.ca());
            HistorianServer.start(historian, new HistorianServer.Settings("0.0.0.0", 0,
                HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, mutual, Security.none()), "t").close();
            HistorianServer.start(historian, new HistorianServer.Settings("0.0.0.0", 0,
                HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, serverOnly, Security.of(dir.resolve("data"), true, null)), "t")
                .close();
        }
    }

    @Test
    void apiTokensAuthenticateEveryCallAndRevokingOneLocksItOut() throws Exception {
        Path data = dir.resolve("data");
        Historian.open(data).close();
        String token = run("token", "create", "mes-dallas", "--data", data.toString())[1].strip();
        assertTrue(token.startsWith("uhs_"), token);
        String stored = Files.readString(data.resolve("security/tokens"));
        assertTrue(!stored.contains(token.substring(token.lastIndexOf('_') + 1)), "the secret is stored: " + stored);
        try (Historian historian = Historian.open(data)) {
            historian.writeDouble("acme/dallas/temp", 1_767_225_600_000_000_000L, 21.5);
            try (HistorianServer server = HistorianServer.start(historian, new HistorianServer.Settings("127.0.0.1", 0,
                HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, null, Security.of(data, true, null)), "test")) {
                String address = "127.0.0.1:" + server.port();
                String[] allowed = run("latest", "acme/#", "--server", address, "--token", token);
                assertEquals("0", allowed[0], allowed[2]);
                assertTrue(allowed[1].contains("acme/dallas/temp"), allowed[1]);
                String[] none = run("latest", "acme/#", "--server", address);
                refused(none, "no token");
                assertTrue(none[2].contains("requires an API token"), none[2]);
                refused(run("latest", "acme/#", "--server", address, "--token", token.substring(0, token.length() - 1)
                    + (token.endsWith("A") ? "B" : "A")), "a mistyped token");
                assertTrue(run("token", "list", "--data", data.toString())[1].contains("mes-dallas"));
                assertEquals("0", run("token", "revoke", "mes-dallas", "--data", data.toString())[0]);
                Thread.sleep(1_100);   // the server re-reads the token file at most once a second
                String[] revoked = run("latest", "acme/#", "--server", address, "--token", token);
                refused(revoked, "a revoked token");
                assertTrue(revoked[2].contains("not valid"), revoked[2]);
            }
        }
    }

    private static void refused(String[] result, String what) {
        assertEquals("1", result[0], what + " was let in: " + result[1]);
        List<String> lines = new ArrayList<>(result[2].strip().lines().toList());
        assertEquals(1, lines.size(), what + ": one line, got " + result[2]);
        assertTrue(!result[2].contains("\tat "), what + ": no stack trace: " + result[2]);
    }

    private static String[] run(String... arguments) {
        InProcessCli.Result result = InProcessCli.run(arguments);
        return new String[] {Integer.toString(result.exit()), result.out(), result.err()};
    }
}
