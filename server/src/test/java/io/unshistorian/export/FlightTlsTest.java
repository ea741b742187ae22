package io.unshistorian.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.testkit.TestCertificates;

import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow Flight over mutual TLS: a client with a certificate from the client CA reads; one without is refused. */
class FlightTlsTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try")   // Flight's close() may throw InterruptedException; the test method declares Exception
    void flightOverMutualTls() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        byte[] query = "kind=raw\nfilter=acme/#\n".getBytes(StandardCharsets.UTF_8);
        try (Historian historian = Historian.open(dir.resolve("data"));
             BufferAllocator allocator = new RootAllocator()) {
            historian.writeDouble("acme/a", 1_000, 1.5);
            historian.writeDouble("acme/a", 2_000, 2.5);
            TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), pki.ca());
            try (HistorianFlightServer server = HistorianFlightServer.start(historian, "127.0.0.1", 0, false, tls, Security.none())) {
                Location location = Location.forGrpcTls("127.0.0.1", server.port());
                try (InputStream ca = Files.newInputStream(pki.ca());
                     InputStream cert = Files.newInputStream(pki.file("client.pem"));
                     InputStream key = Files.newInputStream(pki.file("client.key"));
                     FlightClient client = FlightClient.builder(allocator, location).trustedCertificates(ca)
                         .clientCertificate(cert, key).build()) {
                    var info = client.getInfo(FlightDescriptor.command(query));
                    long rows = 0;
                    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
                        while (stream.next()) {
                            rows += stream.getRoot().getRowCount();
                        }
                    }
                    assertEquals(2, rows);
                }
                try (InputStream ca = Files.newInputStream(pki.ca());
                     FlightClient anonymous = FlightClient.builder(allocator, location).trustedCertificates(ca).build()) {
                    assertThrows(FlightRuntimeException.class, () -> anonymous.getInfo(FlightDescriptor.command(query)));
                }
            }
        }
    }

    @Test
    @SuppressWarnings("try")   // Flight's close() may throw InterruptedException; the test method declares Exception
    void flightAsksForAnApiToken() throws Exception {
        byte[] query = "kind=raw\nfilter=acme/#\n".getBytes(StandardCharsets.UTF_8);
        try (Historian historian = Historian.open(dir.resolve("data"));
             BufferAllocator allocator = new RootAllocator()) {
            historian.writeDouble("acme/a", 1_000, 1.5);
            String token = ApiTokens.of(dir.resolve("data")).create("analytics");
            try (Security security = Security.of(dir.resolve("data"), true, null);
                 HistorianFlightServer server = HistorianFlightServer.start(historian, "127.0.0.1", 0, false, null,
                     security);
                 FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1",
                     server.port())).build()) {
                FlightCallHeaders headers = new FlightCallHeaders();
                headers.insert("authorization", "Bearer " + token);
                assertEquals(1, client.getInfo(FlightDescriptor.command(query), new HeaderCallOption(headers))
                    .getEndpoints().size());
                FlightRuntimeException anonymous = assertThrows(FlightRuntimeException.class,
                    () -> client.getInfo(FlightDescriptor.command(query)));
                assertEquals(FlightStatusCode.UNAUTHENTICATED, anonymous.status().code());
            }
        }
    }
}
