package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.ForwarderInfo;
import io.unshistorian.grpc.v1.IngestSourceInfo;
import io.unshistorian.server.http.HistorianHttpServer;
import io.unshistorian.server.http.HttpRoutes;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.StorageOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/monitoring.md and its example Prometheus files: promtool accepts them, and every metric they
 * name is one the server exposes (so a renamed metric cannot leave an alert that never fires).
 */
class MonitoringDocsTest {
    private static final Pattern METRIC = Pattern.compile("\\b((?:historian|jvm|process)_[a-z_]+[a-z])\\b");

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheExamples() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (apt-get install "
            + "prometheus)");
        Path examples = RepositoryRoot.find().resolve("docs/examples");
        assertEquals("", promtool(examples, "check", "rules", "historian-alerts.yml"));
        assertEquals("", promtool(examples, "check", "config", "--syntax-only", "prometheus.yml"));
    }

    @Test
    void everyMetricTheDocsNameIsExposed() throws Exception {
        Set<String> exposed = exposedNames();
        Path docs = RepositoryRoot.find().resolve("docs");
        for (Path doc : List.of(docs.resolve("monitoring.md"), docs.resolve("examples/historian-alerts.yml"))) {
            TreeSet<String> missing = new TreeSet<>();
            Matcher name = METRIC.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (name.find()) {
                String metric = name.group(1).replaceFirst("_(total|bucket|count|sum)$", "");
                if (!exposed.contains(metric)) {
                    missing.add(name.group(1));
                }
            }
            assertTrue(missing.isEmpty(), doc + " names metrics the server does not expose: " + missing);
        }
    }

    /** The names a server's /metrics shows when every kind of metric has something to report. */
    private Set<String> exposedNames() throws Exception {
        HistorianMetrics metrics = new HistorianMetrics();
        try (Historian historian = Historian.open(dir.resolve("data"),
                StorageOptions.builder().events(metrics.storageEvents()).build());
             HistorianHttpServer http = HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", 0,
                 false, null, Security.none()), metrics, HttpRoutes.of(historian, metrics, Security.none()))) {
            metrics.watch(historian);
            metrics.watchIngest(() -> List.of(IngestSourceInfo.newBuilder().setName("mqtt").putNotStored("MALFORMED", 1)
                .build(), IngestSourceInfo.newBuilder().setName("sparkplug").build()));
            metrics.watchForwarder(ForwarderInfo::getDefaultInstance);
            metrics.samplesStored("grpc", 1);
            metrics.samplesRejected("grpc", "INVALID_SAMPLE", 1);
            metrics.call("grpc", "Write", "OK");
            metrics.query("raw", "grpc", 1);
            metrics.storageEvents().compactionFinished(1, true);
            String exposition = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + http.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            Set<String> names = new TreeSet<>();
            Matcher type = Pattern.compile("^# TYPE (\\S+) ", Pattern.MULTILINE).matcher(exposition);
            while (type.find()) {
                names.add(type.group(1).replaceFirst("_total$", ""));
            }
            return names;
        }
    }

    private static String promtool(Path directory, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return process.waitFor() == 0 ? "" : said;
    }
}
