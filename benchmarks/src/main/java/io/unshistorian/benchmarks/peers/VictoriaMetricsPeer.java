package io.unshistorian.benchmarks.peers;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * VictoriaMetrics (Debian's victoria-metrics package) started by the harness on 127.0.0.1 with its
 * own data directory, fed through its HTTP CSV import API (one POST per batch), queried through its
 * Prometheus-compatible API with the result cache off, flushed and merged before its files are
 * measured.
 */
final class VictoriaMetricsPeer implements Peer {
    private final Path directory;
    private final Process process;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final StringBuilder batch = new StringBuilder(BATCH * 48);
    private int pending;
    private long firstMs = Long.MAX_VALUE;   // the range of the timestamps sent, for latestAll
    private long lastMs = Long.MIN_VALUE;

    VictoriaMetricsPeer(Path directory) throws Exception {
        this.directory = directory;
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        this.base = "http://127.0.0.1:" + port;
        this.process = new ProcessBuilder("victoria-metrics", "-storageDataPath=" + directory,
            "-httpListenAddr=127.0.0.1:" + port, "-retentionPeriod=100y", "-search.disableCache",
            "-search.maxPointsPerTimeseries=100000000", "-search.maxSamplesPerQuery=2000000000",
            "-search.maxSamplesPerSeries=100000000")
            .redirectOutput(new File("/dev/null")).redirectErrorStream(true).start();
        for (int i = 0; i < 400; i++) {
            try {
                if (get("/health").contains("OK")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("victoria-metrics did not start");
    }

    static boolean available() {
        try {
            Process probe = new ProcessBuilder("victoria-metrics", "-version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Override
    public String name() {
        return "VictoriaMetrics";
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("victoria-metrics " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    @Override
    public void row(String series, long timestampMs, double value) throws Exception {
        batch.append(series).append(',').append(timestampMs).append(',').append(value).append('\n');
        firstMs = Math.min(firstMs, timestampMs);
        lastMs = Math.max(lastMs, timestampMs);
        if (++pending == BATCH) {
            send();
        }
    }

    private void send() throws Exception {
        if (pending == 0) {
            return;
        }
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
            + "/api/v1/import/csv?format=1:label:series,2:time:unix_ms,3:metric:value"))
            .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("import failed: HTTP " + response.statusCode() + " " + response.body());
        }
        batch.setLength(0);
        pending = 0;
    }

    /**
     * Imports a whole CSV file (no header line) through {@code /api/v1/import/csv} with the given
     * column format, then flushes so that every sample is searchable.
     */
    void importCsvFile(Path file, String format) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/import/csv?format="
            + encode(format))).POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("import failed: HTTP " + response.statusCode() + " " + response.body());
        }
        get("/internal/force_flush");
    }

    /** Samples stored under the metric names matched by {@code selector}, counted by VictoriaMetrics itself. */
    long countSamples(String selector) throws Exception {
        String body = get("/api/v1/query?query=" + encode("sum(count_over_time(" + selector + "[100y]))")
            + "&time=4102444800");
        int value = body.lastIndexOf(",\"");
        return value < 0 ? 0 : (long) Double.parseDouble(body.substring(value + 2, body.indexOf('"', value + 2)));
    }

    @Override
    public void finishIngest() throws Exception {
        send();
        get("/internal/force_flush");
    }

    @Override
    public void settle() throws Exception {
        get("/internal/force_flush");
        get("/internal/force_merge");
        long previous = -1;
        for (int i = 0; i < 120; i++) {   // merges run in the background: wait until the files stop changing
            Thread.sleep(1000);
            long now = diskBytes();
            if (now == previous) {
                return;
            }
            previous = now;
        }
    }

    @Override
    public long diskBytes() throws Exception {
        return PeerHarness.directoryBytes(directory);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public long rawScan(String series, long startMs, long endMs) throws Exception {
        String body = get("/api/v1/export/csv?format=__timestamp:unix_ms,__value&match[]="
            + encode("value{series=\"" + series + "\"}") + "&start=" + startMs / 1000 + "&end=" + (endMs - 1) / 1000);
        return body.lines().count();
    }

    private long points(String query, long startMs, long endMs, String step) throws Exception {
        String body = get("/api/v1/query_range?query=" + encode(query) + "&start=" + startMs / 1000 + "&end="
            + (endMs - 1) / 1000 + "&step=" + step);
        long points = 0;
        for (int at = body.indexOf("],["); at >= 0; at = body.indexOf("],[", at + 3)) {
            points++;
        }
        return points + 1;
    }

    @Override
    public long hourlyMinMaxAvg(String series, long startMs, long endMs) throws Exception {
        return points("aggr_over_time((\"min_over_time\",\"max_over_time\",\"avg_over_time\"), value{series=\""
            + series + "\"}[1h])", startMs, endMs, "1h");
    }

    @Override
    public long singleGroupBy(String series, long startMs) throws Exception {
        return points("avg_over_time(value{series=\"" + series + "\"}[1m])", startMs, startMs + 3_600_000L, "1m");
    }

    /**
     * At the second after the last sample sent, looking back over all of them (at least 2 h), so that a
     * series that last changed months ago is answered too.
     */
    @Override
    public long latestAll() throws Exception {
        long lookbackSeconds = Math.max(7200, (lastMs - firstMs) / 1000 + 1);
        String body = get("/api/v1/query?query=" + encode("last_over_time(value[" + lookbackSeconds + "s])") + "&time="
            + (lastMs / 1000 + 1));
        long series = 0;
        for (int at = body.indexOf("\"metric\""); at >= 0; at = body.indexOf("\"metric\"", at + 8)) {
            series++;
        }
        return series;
    }

    /** Peak resident memory of the victoria-metrics process, in bytes. */
    long peakMemoryBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }
}
