package io.unshistorian.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus server for tests: Debian's {@code prometheus} on a free 127.0.0.1 port, its
 * data in a directory of the test, scraping one target every second. {@link #value} asks its query
 * API, so a test checks what Prometheus itself stored from the scrapes.
 */
public final class Prometheus implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final Pattern FIRST_VALUE = Pattern.compile("\"value\":\\[[-0-9.e+]+,\"([^\"]*)\"\\]");

    private final Process process;
    private final int port;
    private final Path directory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Prometheus(Process process, int port, Path directory) {
        this.process = process;
        this.port = port;
        this.directory = directory;
    }

    /** Whether {@code prometheus} is installed (tests that need it are skipped with a reason otherwise). */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /**
     * Starts Prometheus scraping {@code target} (HOST:PORT, plain HTTP, path /metrics) every second
     * as job {@code historian}, presenting the bearer token in {@code tokenFile} when it is not null;
     * returns once Prometheus is ready.
     */
    public static Prometheus start(Path directory, String target, Path tokenFile) throws IOException {
        if (!installed()) {
            throw new IllegalStateException("prometheus is not installed: apt-get install prometheus");
        }
        Files.createDirectories(directory);
        Path config = directory.resolve("prometheus.yml");
        StringBuilder text = new StringBuilder()
            .append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n")
            .append("scrape_configs:\n  - job_name: historian\n");
        if (tokenFile != null) {
            text.append("    authorization:\n      type: Bearer\n      credentials_file: ")
                .append(tokenFile.toAbsolutePath()).append('\n');
        }
        text.append("    static_configs:\n      - targets: ['").append(target).append("']\n");
        Files.writeString(config, text.toString());
        int port = FreePorts.free();
        Process process = new ProcessBuilder(List.of(BINARY.toString(), "--config.file=" + config,
            "--storage.tsdb.path=" + directory.resolve("data"), "--web.listen-address=127.0.0.1:" + port))
            .redirectErrorStream(true).redirectOutput(directory.resolve("prometheus.log").toFile()).start();
        Prometheus prometheus = new Prometheus(process, port, directory);
        try {
            prometheus.awaitReady();
        } catch (IOException | RuntimeException e) {
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("prometheus exited with " + process.exitValue() + "; see "
                    + directory.resolve("prometheus.log"));
            }
            try {
                if (get("/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Pause.millis(100);
        }
        throw new IOException("prometheus was not ready within 30 s; see " + directory.resolve("prometheus.log"));
    }

    /** The value of the first series an instant PromQL query returns, or empty when it returns none. */
    public OptionalDouble value(String promql) throws IOException {
        String body = query(promql);
        Matcher value = FIRST_VALUE.matcher(body);
        return value.find() ? OptionalDouble.of(Double.parseDouble(value.group(1))) : OptionalDouble.empty();
    }

    /** The JSON answer of the query API to an instant PromQL query. */
    public String query(String promql) throws IOException {
        HttpResponse<String> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("prometheus refused '" + promql + "': " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
