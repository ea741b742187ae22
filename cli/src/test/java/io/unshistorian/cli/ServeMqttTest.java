package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.IngestSourceInfo;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.ServerInfoRequest;
import io.unshistorian.grpc.v1.ServerInfoResponse;
import io.unshistorian.testkit.ChildJvm;
import io.unshistorian.testkit.Mosquitto;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code historian serve --mqtt URL} as a user runs it: a real Mosquitto, a message published by
 * {@code mosquitto_pub}, read back over gRPC, and the source's counts in ServerInfo.
 */
class ServeMqttTest {
    @TempDir
    Path dir;

    @Test
    void servesWhatItRecordsFromTheBroker() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"))) {
            Process server = new ProcessBuilder(ChildJvm.command(List.of(), HistorianCli.class, "serve", "--data",
                dir.resolve("data").toString(), "--port", "0", "--flight-port", "-1", "--http-port", "0", "--mqtt", broker.url(),
                "--mqtt-subscribe", "acme/#", "--sparkplug-host-id", "h1")).redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8));
                int port = -1;
                int httpPort = -1;
                boolean recording = false;
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    Matcher banner = Pattern.compile("serving historian.v1 on 127.0.0.1:(\\d+)").matcher(line);
                    if (banner.find()) {
                        port = Integer.parseInt(banner.group(1));
                    }
                    Matcher http = Pattern.compile("HTTP on http://127.0.0.1:(\\d+)").matcher(line);
                    if (http.find()) {
                        httpPort = Integer.parseInt(http.group(1));
                    }
                    recording |= line.startsWith("recording Sparkplug B");
                    if (line.startsWith("Ctrl-C")) {
                        break;
                    }
                }
                assertTrue(port > 0 && recording, "no server banner with its sources");
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                try {
                    HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    int found = 0;
                    while (found == 0 && System.nanoTime() < deadline) {
                        broker.publish("acme/dallas/line1/temp", "{\"value\": 21.5, \"timestamp\": 1767225600000}");
                        Thread.sleep(200);
                        found = stub.latest(LatestRequest.newBuilder().setSelection(Selection.newBuilder()
                            .addFilters("acme/#")).build()).getLatestCount();
                    }
                    assertEquals(1, found, "the published value never arrived");
                    ServerInfoResponse info = stub.serverInfo(ServerInfoRequest.getDefaultInstance());
                    IngestSourceInfo mqtt = info.getIngestSources(0);
                    assertEquals("mqtt", mqtt.getName());
                    assertTrue(mqtt.getSamplesStored() >= 1, mqtt.toString());
                    assertEquals("sparkplug", info.getIngestSources(1).getName());
                    assertTrue(mqtt.getConnected() && info.getIngestSources(1).getConnected(), info.toString());
                    String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                    for (String expected : List.of("historian_mqtt_connected{source=\"mqtt\"} 1.0",
                        "historian_mqtt_connected{source=\"sparkplug\"} 1.0",
                        "historian_ingest_samples_total{source=\"mqtt\"} " + (double) mqtt.getSamplesStored(),
                        "historian_sparkplug_nodes_online 0.0")) {
                        assertTrue(metrics.contains(expected), "no '" + expected + "' in\n" + metrics);
                    }
                } finally {
                    channel.shutdownNow();
                }
            } finally {
                server.destroy();   // SIGTERM: a graceful stop
                assertTrue(server.waitFor(60, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
            }
        }
    }
}
