package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.forward.ForwardStatus;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Grants;
import io.unshistorian.server.security.Right;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a central that requires TLS and API tokens, with grants: the forward flags
 * ({@code --forward-tls-ca}, {@code --forward-token}, {@code --forward-rewrite}) reach a central
 * that only lets the edge's token write its own site; what it may not write is refused and listed
 * as a gap with the central's reason, and forwarding goes on.
 */
class ForwardSecurityTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private static ForwardStatus awaitSettled(ForwardSettings.Running running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        ForwardStatus status = running.forwarder().status();
        while (status.behind() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = running.forwarder().status();
        }
        return status;
    }

    @Test
    void forwardsOverTlsWithATokenWithinItsGrants() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        Path centralDir = dir.resolve("central");
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).build();
        try (Historian central = Historian.open(centralDir, options)) {
            String token = ApiTokens.of(centralDir).create("dallas-edge");
            Grants grants = Grants.of(centralDir);
            grants.add(new Grants.Grant("token:dallas-edge", Right.WRITE, "acme/dallas/#"));
            TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), null);
            try (Security security = Security.of(centralDir, true, null);
                 HistorianServer server = HistorianServer.start(central, new HistorianServer.Settings("127.0.0.1", 0,
                     HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, tls, security), "test");
                 Historian edge = Historian.open(dir.resolve("edge"), options)) {
                WriteBatch batch = new WriteBatch();
                for (int i = 0; i < 1_000; i++) {
                    batch.addDouble("line1/temp", T0 + i, i);
                }
                edge.write(batch);

                ForwardSettings allowed = new ForwardSettings();
                allowed.target = "127.0.0.1:" + server.port();
                allowed.name = "dallas";
                allowed.rewrite = "acme/dallas";
                allowed.tlsCa = pki.ca();
                allowed.token = token;
                try (ForwardSettings.Running running = allowed.start(edge, dir.resolve("edge"), new Properties())) {
                    ForwardStatus status = awaitSettled(running);
                    assertTrue(status.complete(), status.toString());
                }
                long[] stored = {0};
                central.readRaw("acme/dallas/line1/temp", Long.MIN_VALUE, Long.MAX_VALUE, (t, v, q, s) -> stored[0]++);
                assertEquals(1_000, stored[0]);

                ForwardSettings elsewhere = new ForwardSettings();   // the same token, another site's namespace
                elsewhere.target = allowed.target;
                elsewhere.name = "houston";
                elsewhere.rewrite = "acme/houston";
                elsewhere.tlsCa = pki.ca();
                elsewhere.token = token;
                try (ForwardSettings.Running running = elsewhere.start(edge, dir.resolve("edge"), new Properties())) {
                    ForwardStatus status = awaitSettled(running);
                    assertEquals(1, status.gaps().size(), status.toString());
                    assertTrue(status.gaps().get(0).reason().contains("may not write"), status.toString());
                    assertTrue(!status.complete());
                }
                assertTrue(central.find("acme/houston/#").isEmpty(), "nothing outside the grant was stored");
            }
        }
    }
}
