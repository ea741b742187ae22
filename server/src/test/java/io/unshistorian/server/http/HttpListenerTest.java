package io.unshistorian.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.testkit.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP listener through real sockets: health and readiness, the listening policy (TLS with
 * tokens or client certificates beyond loopback), and {@code /metrics} counting what the gRPC API
 * stored, refused and answered.
 */
class HttpListenerTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private final HttpClient plain = HttpClient.newHttpClient();

    @Test
    void metricsCountWhatTheGrpcApiStoredRefusedAndAnswered() throws Exception {
        HistorianMetrics metrics = new HistorianMetrics();
        try (Historian historian = Historian.open(dir.resolve("data"),
                StorageOptions.builder().events(metrics.storageEvents()).build());
             HistorianServer grpc = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test",
                 metrics);
             HistorianHttpServer http = HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", 0,
                 false, null, Security.none()), metrics, HttpRoutes.of(historian, metrics, Security.none()))) {
            metrics.watch(historian);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
            try {
                WriteStream stream = WriteStream.open(channel);
                stream.send(batch(1, "acme/a", ValueType.DOUBLE, 5));
                stream.send(batch(2, "acme/a", ValueType.LONG, 3));   // a type conflict: refused whole
                WriteAck stored = stream.nextAck(30, TimeUnit.SECONDS);
                WriteAck refused = stream.nextAck(30, TimeUnit.SECONDS);
                stream.finish();
                assertTrue(stored.getAccepted(), stored.toString());
                assertEquals(Rejection.INVALID_SAMPLE, refused.getRejection(), refused.toString());
                HistorianGrpc.newBlockingStub(channel).readRaw(ReadRawRequest.newBuilder()
                    .setSelection(Selection.newBuilder().addFilters("acme/#")).setStartNs(T0).setEndNs(T0 + 10)
                    .build()).forEachRemaining(columns -> { });
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            String scraped = get(plain, "http://127.0.0.1:" + http.port() + "/metrics", null).body();
            assertEquals(5, value(scraped, "historian_ingest_samples_total{source=\"grpc\"}"), scraped);
            assertEquals(3, value(scraped, "historian_rejected_total{reason=\"INVALID_SAMPLE\",source=\"grpc\"}"),
                scraped);
            assertEquals(1, value(scraped, "historian_query_seconds_count{api=\"grpc\",kind=\"raw\"}"), scraped);
            assertEquals(1, value(scraped, "historian_calls_total{api=\"grpc\",method=\"Write\",status=\"OK\"}"),
                scraped);
            assertEquals(1, value(scraped, "historian_series"), scraped);
            assertTrue(value(scraped, "historian_wal_bytes_total") > 0, scraped);
            assertTrue(scraped.contains("jvm_memory_used_bytes{area=\"heap\"}"), "no JVM metrics");

            HttpResponse<String> live = get(plain, "http://127.0.0.1:" + http.port() + "/healthz", null);
            assertEquals(200, live.statusCode());
            HttpResponse<String> ready = get(plain, "http://127.0.0.1:" + http.port() + "/readyz", null);
            assertEquals(200, ready.statusCode());
            assertTrue(ready.body().startsWith("{\"ready\":true,\"state\":\"HEALTHY\""), ready.body());
            HttpResponse<String> post = plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + "/metrics")).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode(), post.body());
            assertEquals(1, post.body().strip().lines().count(), post.body());
            assertTrue(value(get(plain, "http://127.0.0.1:" + http.port() + "/metrics", null).body(),
                "historian_calls_total{api=\"http\",method=\"/metrics\",status=\"405\"}") == 1);
        }
    }

    @Test
    void beyondLoopbackItNeedsTlsAndAuthentication() throws Exception {
        try (Historian historian = Historian.open(dir.resolve("data"))) {
            IOException refused = assertThrows(IOException.class, () -> HistorianHttpServer.start(
                new HistorianHttpServer.Settings("0.0.0.0", 0, false, null, Security.none()), null,
                HealthEndpoints.routes(historian)));
            assertTrue(refused.getMessage().startsWith("refusing to serve HTTP"), refused.getMessage());
        }
    }

    @Test
    void overTlsMetricsNeedATokenAndHealthDoesNot() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        Path data = dir.resolve("data");
        String token = ApiTokens.of(data).create("prometheus");
        HistorianMetrics metrics = new HistorianMetrics();
        TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), null);
        try (Historian historian = Historian.open(data); Security security = Security.of(data, true, null);
             HistorianHttpServer http = HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", 0,
                 false, tls, security), metrics, HttpRoutes.of(historian, metrics, security))) {
            HttpClient client = HttpClient.newBuilder().sslContext(tlsContext(pki, false)).build();
            String base = "https://localhost:" + http.port();
            HttpResponse<String> anonymous = get(client, base + "/metrics", null);
            assertEquals(401, anonymous.statusCode(), anonymous.body());
            assertTrue(anonymous.body().contains("API token"), anonymous.body());
            assertEquals(401, get(client, base + "/metrics", "uhs_not-a-token").statusCode());
            HttpResponse<String> scraped = get(client, base + "/metrics", token);
            assertEquals(200, scraped.statusCode(), scraped.body());
            assertTrue(scraped.body().contains("historian_calls_total"), scraped.body());
            assertEquals(200, get(client, base + "/readyz", null).statusCode());
            assertThrows(IOException.class, () -> get(plain, "http://127.0.0.1:" + http.port() + "/healthz", null),
                "plain HTTP on the TLS port must fail");
        }
    }

    @Test
    void withClientCertificatesTheCertificateIsTheCaller() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        TestCertificates pki = TestCertificates.make(dir.resolve("pki"));
        Path data = dir.resolve("data");
        HistorianMetrics metrics = new HistorianMetrics();
        TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), pki.ca());
        try (Historian historian = Historian.open(data); Security security = Security.of(data, true, null);
             HistorianHttpServer http = HistorianHttpServer.start(new HistorianHttpServer.Settings("0.0.0.0", 0,
                 false, tls, security), metrics, HttpRoutes.of(historian, metrics, security))) {
            String base = "https://localhost:" + http.port();
            HttpClient withCertificate = HttpClient.newBuilder().sslContext(tlsContext(pki, true)).build();
            assertEquals(200, get(withCertificate, base + "/metrics", null).statusCode());
            HttpClient without = HttpClient.newBuilder().sslContext(tlsContext(pki, false)).build();
            assertThrows(IOException.class, () -> get(without, base + "/healthz", null),
                "a client without a certificate must not complete the handshake");
        }
    }

    private static WriteBatch batch(long id, String path, ValueType type, int samples) {
        SeriesSamples.Builder series = SeriesSamples.newBuilder().setPath(path).setType(type);
        for (int i = 0; i < samples; i++) {
            series.addTimestampsNs(T0 + i);
            if (type == ValueType.DOUBLE) {
                series.addDoubleValues(i * 0.5);
            } else {
                series.addLongValues(i);
            }
        }
        return WriteBatch.newBuilder().setBatchId(id).addSeries(series).build();
    }

    /** The value of one sample line of a Prometheus text exposition. */
    private static double value(String exposition, String series) {
        Matcher line = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(exposition);
        assertTrue(line.find(), "no " + series + " in the exposition");
        return Double.parseDouble(line.group(1));
    }

    private static HttpResponse<String> get(HttpClient client, String url, String token)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Trusts the test CA; presents the client certificate when {@code withCertificate}. */
    private static SSLContext tlsContext(TestCertificates pki, boolean withCertificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream ca = Files.newInputStream(pki.ca())) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (withCertificate) {
            KeyStore client = KeyStore.getInstance("PKCS12");
            try (InputStream p12 = Files.newInputStream(pki.file("client.p12"))) {
                client.load(p12, TestCertificates.P12_PASSWORD.toCharArray());
            }
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(client, TestCertificates.P12_PASSWORD.toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
