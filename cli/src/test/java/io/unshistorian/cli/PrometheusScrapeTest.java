package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.unshistorian.testkit.ChildJvm;
import io.unshistorian.testkit.DataSets;
import io.unshistorian.testkit.Prometheus;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes {@code historian serve}'s {@code /metrics} with an
 * API token, as an operator would configure it, while a real data set is imported over gRPC; the
 * test then asks Prometheus's own query API for what it stored.
 */
class PrometheusScrapeTest {
    private static final Pattern GRPC = Pattern.compile("serving historian.v1 on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP = Pattern.compile("HTTP on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void prometheusStoresWhatTheServerCounts() throws Exception {
        assumeTrue(Prometheus.installed(), "prometheus is not installed (apt-get install prometheus)");
        Path csv = DataSets.sampleFile("nab_machine_temperature");
        if (csv == null) {   // the scrape is tested whatever the machine holds
            System.out.println("Prometheus test on a generated file: " + DataSets.skipReason());
            csv = generatedCsv(dir.resolve("generated.csv"));
        }
        Path data = dir.resolve("data");
        String scraper = token("prometheus", data);
        String writer = token("importer", data);
        Path tokenFile = Files.writeString(dir.resolve("scrape.token"), scraper);
        Process server = new ProcessBuilder(ChildJvm.command(List.of(), HistorianCli.class, "serve", "--data",
            data.toString(), "--port", "0", "--flight-port", "-1", "--http-port", "0", "--auth", "token"))
            .redirectErrorStream(true).start();
        try {
            int[] ports = ports(server);
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports[1] + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), "metrics without a token: " + anonymous.body());
            assertEquals(1, anonymous.body().strip().lines().count(), anonymous.body());
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + ports[1] + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode(), "readiness needs no token: " + ready.body());
            assertTrue(ready.body().contains("\"state\":\"HEALTHY\""), ready.body());

            InProcessCli.Result imported = InProcessCli.run("import", csv.toString(), "--server",
                "127.0.0.1:" + ports[0], "--token", writer);
            assertEquals(0, imported.exit(), imported.err());
            Matcher stored = Pattern.compile("(\\d+) samples stored").matcher(imported.out() + imported.err());
            assertTrue(stored.find(), imported.out() + imported.err());
            long samples = Long.parseLong(stored.group(1));

            try (Prometheus prometheus = Prometheus.start(dir.resolve("prometheus"), "127.0.0.1:" + ports[1],
                tokenFile)) {
                assertEventually(prometheus, "historian_ingest_samples_total{source=\"import\"}", samples);
                assertEventually(prometheus, "up{job=\"historian\"}", 1);
                assertEventually(prometheus, "historian_series", 1);
                assertEventually(prometheus, "historian_health{state=\"HEALTHY\"}", 1);
                assertEventually(prometheus, "historian_calls_total{api=\"grpc\",method=\"Write\",status=\"OK\"}", 1);
                assertPositive(prometheus, "historian_wal_bytes_total");
                assertPositive(prometheus, "historian_wal_fsync_seconds_count");
                assertPositive(prometheus, "jvm_memory_used_bytes{area=\"heap\"}");
                assertPositive(prometheus, "historian_head_bytes + historian_block_bytes");
            }
        } finally {
            server.destroy();
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
        }
    }

    /** A machine temperature every 5 minutes for a week, in the data sets' layout. */
    private static Path generatedCsv(Path file) throws IOException {
        StringBuilder rows = new StringBuilder("path,timestamp_ms,value\n");
        for (int i = 0; i < 2016; i++) {
            rows.append("plant/machine/temperature,").append(1_386_018_900_000L + i * 300_000L).append(',')
                .append(80 + 10 * Math.sin(i / 50.0)).append('\n');
        }
        return Files.writeString(file, rows);
    }

    private static String token(String name, Path data) {
        InProcessCli.Result created = InProcessCli.run("token", "create", name, "--data", data.toString());
        assertEquals(0, created.exit(), created.err());
        return created.out().strip();
    }

    /** The gRPC and HTTP ports from the server's banner. */
    private static int[] ports(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        int[] ports = {-1, -1};
        StringBuilder said = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            said.append(line).append('\n');
            Matcher grpc = GRPC.matcher(line);
            Matcher http = HTTP.matcher(line);
            if (grpc.find()) {
                ports[0] = Integer.parseInt(grpc.group(1));
            } else if (http.find()) {
                ports[1] = Integer.parseInt(http.group(1));
            }
            if (line.startsWith("Ctrl-C")) {
                break;
            }
        }
        assertTrue(ports[0] > 0 && ports[1] > 0, "no gRPC and HTTP ports in the banner:\n" + said);
        return ports;
    }

    private static void assertEventually(Prometheus prometheus, String promql, double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        OptionalDouble value = OptionalDouble.empty();
        while (System.nanoTime() < deadline) {
            value = prometheus.value(promql);
            if (value.isPresent() && value.getAsDouble() == expected) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError(promql + ": Prometheus has " + value + ", expected " + expected);
    }

    private static void assertPositive(Prometheus prometheus, String promql) throws Exception {
        OptionalDouble value = prometheus.value(promql);
        assertTrue(value.isPresent() && value.getAsDouble() > 0, promql + ": Prometheus has " + value);
    }
}
