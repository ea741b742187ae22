package io.unshistorian.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.Sample;
import io.unshistorian.testkit.Eventually;
import io.unshistorian.testkit.Mosquitto;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plain and JSON UNS topics through a real Mosquitto, published by an independent client ({@code
 * mosquitto_pub}): decoding, mapping rules, ignore filters, bad payloads, and a broker restart.
 */
class MqttSourceTest {
    private static final long T = 1_767_225_600_000L;   // 2026-01-01T00:00:00Z

    @TempDir
    Path directory;
    private Mosquitto broker;
    private Historian historian;
    private MqttSource source;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        broker = Mosquitto.start(directory.resolve("broker"));
        historian = Historian.open(directory.resolve("data"));
        MqttSettings connection = MqttSettings.plain(URI.create(broker.url()), "historian-plain");
        MqttSource.Settings defaults = MqttSource.Settings.of(connection, "acme/#", "legacy/#");
        source = MqttSource.start(historian, new MqttSource.Settings(connection, defaults.subscriptions(), 1, 3600,
            List.of("acme/+/debug/#"), List.of("legacy/plant1/#=acme/dallas/{#}"), PayloadFormat.AUTO,
            JsonFields.DEFAULT, false, 4096));
        Eventually.await(() -> source.stats().received() >= 0 && subscribed(), "subscribed");
    }

    /** Publishes probes until one arrives: the subscription is in place. */
    private boolean subscribed() {
        try {
            broker.publish("acme/probe", "1");
            Thread.sleep(100);
            return !historian.readRaw("acme/probe", 0, Long.MAX_VALUE).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (source != null) {
            source.close();
        }
        if (historian != null) {
            historian.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void decodesPlainAndJsonPayloadsAndMapsTopics() throws Exception {
        broker.publish("acme/dallas/press/temp", "21.5");
        broker.publish("acme/dallas/press/running", "true");
        broker.publish("acme/dallas/press/state", "RUNNING");
        broker.publish("acme/dallas/press/json", "{\"value\": 3.25, \"timestamp\": " + T + ", \"quality\": \"bad\"}");
        broker.publish("acme/dallas/press/batch", "[{\"value\": 1, \"timestamp\": " + T + "},"
            + " {\"value\": 2, \"timestamp\": \"2026-01-01T00:00:01Z\"}]");
        broker.publish("acme/dallas/press/obj", "{\"timestamp\": " + (T / 1000) + ", \"speed\": 1500, \"on\": false}");
        broker.publish("legacy/plant1/line2/flow", "7.5");
        broker.publish("acme/dallas/debug/x", "1");
        Eventually.await(() -> !read("acme/dallas/line2/flow").isEmpty(), "mapped topic stored");

        assertEquals(21.5, read("acme/dallas/press/temp").get(0).doubleValue());
        assertEquals(true, read("acme/dallas/press/running").get(0).booleanValue());
        assertEquals("RUNNING", read("acme/dallas/press/state").get(0).stringValue());
        Sample json = read("acme/dallas/press/json").get(0);
        assertEquals(3.25, json.doubleValue());
        assertEquals(T * 1_000_000L, json.timestampNanos());
        assertEquals(Quality.BAD, json.quality());
        List<Sample> batch = read("acme/dallas/press/batch");
        assertEquals(List.of(1.0, 2.0), batch.stream().map(Sample::doubleValue).toList());
        assertEquals((T + 1000) * 1_000_000L, batch.get(1).timestampNanos());
        assertEquals(1500.0, read("acme/dallas/press/obj/speed").get(0).doubleValue());
        assertEquals(T * 1_000_000L, read("acme/dallas/press/obj/on").get(0).timestampNanos());
        assertEquals(7.5, read("acme/dallas/line2/flow").get(0).doubleValue());
        assertTrue(historian.series("legacy/plant1/line2/flow").isEmpty());
        assertTrue(historian.series("acme/dallas/debug/x").isEmpty(), "ignored");
    }

    @Test
    void badPayloadsAreCountedAndTheStreamGoesOn() throws Exception {
        broker.publish("acme/bad/json", "{\"value\": ");
        broker.publish("acme/bad/empty", null);
        broker.publish("acme/bad/big", "x".repeat(5000));
        broker.publish("acme/bad/type", "1.5");
        broker.publish("acme/bad/type", "\"text now\"");
        broker.publish("acme/bad/time", "{\"value\": 1, \"timestamp\": \"yesterday\"}");
        broker.publish("acme/good/after", "42");
        Eventually.await(() -> !read("acme/good/after").isEmpty(), "good message after the bad ones");
        assertEquals(2, source.stats().rejected(Reason.MALFORMED), source.stats().toString());
        assertEquals(1, source.stats().rejected(Reason.EMPTY_PAYLOAD));
        assertEquals(1, source.stats().rejected(Reason.OVERSIZE));
        assertEquals(1, source.stats().rejected(Reason.TYPE_CHANGE));
        assertEquals(List.of(1.5), read("acme/bad/type").stream().map(Sample::doubleValue).toList());
    }

    @Test
    void keepsRecordingAcrossABrokerRestart() throws Exception {
        broker.publish("acme/restart/a", "{\"value\": 1, \"timestamp\": " + T + "}");
        Eventually.await(() -> read("acme/restart/a").size() == 1, "first value");
        broker.stop();
        broker.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int value = 2;
        // The source reconnects by itself, to its persisted session: publish until values arrive again.
        while (read("acme/restart/a").size() < 2 && System.nanoTime() < deadline) {
            broker.publish("acme/restart/a", "{\"value\": " + value + ", \"timestamp\": " + (T + value) + "}");
            value++;
            Thread.sleep(200);
        }
        assertTrue(read("acme/restart/a").size() >= 2, "nothing recorded after the broker restarted");
    }

    private List<Sample> read(String path) {
        return historian.readRaw(path, 0, Long.MAX_VALUE);
    }

}
