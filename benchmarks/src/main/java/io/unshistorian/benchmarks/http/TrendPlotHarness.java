package io.unshistorian.benchmarks.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

import io.unshistorian.benchmarks.peers.PeerWorkloads;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.http.HistorianHttpServer;
import io.unshistorian.server.http.HttpRoutes;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.write.WriteBatch;

/**
 * What the trend page waits for: {@code /api/v1/plot} over HTTP for a year of one series at 1 Hz
 * (the peer benchmark's year, 31.5 M samples, settled into block files), for the chart's pixel
 * width, over the whole year, one week and one hour; 20 calls each after 5 warm-up, median and
 * worst, with the answer's size.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.http.TrendPlotHarness</pre>
 */
public final class TrendPlotHarness {
    private static final String PATH = "bench/year/temperature";
    private static final int PIXELS = 1200;
    private static final long MS = 1_000_000L;

    private TrendPlotHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("uns-trend-bench");
        try (Historian historian = Historian.open(data)) {
            long[] span = load(historian);
            HistorianMetrics metrics = new HistorianMetrics();
            try (HistorianHttpServer http = HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", 0,
                false, null, Security.none()), metrics, HttpRoutes.of(historian, metrics, Security.none()))) {
                HttpClient client = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + http.port() + "/api/v1/plot?path=" + PATH + "&pixels=" + PIXELS;
                long week = 7 * 86_400_000L;
                measure(client, "a year (31.5 M samples)", base);
                measure(client, "one week", base + "&start=" + (span[1] - week) + "&end=" + span[1]);
                measure(client, "one hour", base + "&start=" + (span[1] - 3_600_000L) + "&end=" + span[1]);
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    /** Writes the year and settles it into block files; returns its first and last time in ms. */
    private static long[] load(Historian historian) throws Exception {
        WriteBatch batch = new WriteBatch(100_000);
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        long started = System.nanoTime();
        PeerWorkloads.year((series, timestampMs, value) -> {
            batch.addDouble(PATH, timestampMs * MS, value);
            span[0] = Math.min(span[0], timestampMs);
            span[1] = Math.max(span[1], timestampMs);
            if (batch.size() == 100_000) {
                write(historian, batch);
            }
        });
        write(historian, batch);
        historian.settle();
        System.out.printf("loaded and settled a year at 1 Hz in %.1f s%n", (System.nanoTime() - started) / 1e9);
        return span;
    }

    private static void write(Historian historian, WriteBatch batch) {
        try {
            historian.write(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }

    private static void measure(HttpClient client, String label, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        double[] millis = new double[20];
        long bytes = 0;
        for (int call = -5; call < millis.length; call++) {
            long started = System.nanoTime();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            double took = (System.nanoTime() - started) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body()));
            }
            if (call >= 0) {
                millis[call] = took;
                bytes = response.body().length;
            }
        }
        Arrays.sort(millis);
        System.out.printf("plot of %s for %d px: median %.1f ms, worst %.1f ms, %,d bytes of JSON%n", label, PIXELS,
            millis[millis.length / 2], millis[millis.length - 1], bytes);
    }
}
