package io.unshistorian.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.testkit.Eventually;
import io.unshistorian.testkit.Mosquitto;
import io.unshistorian.testkit.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MQTT source over mutual TLS (a CA, a server and a client certificate made here with {@code
 * openssl}; Mosquitto requiring the client certificate) and over MQTT 3.1.1.
 */
class MqttTlsAndVersionTest {
    @TempDir
    Path dir;

    @Test
    void recordsOverMutualTls() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        Path pki = TestCertificates.make(dir.resolve("pki")).ca().getParent();
        String tls = "cafile " + pki.resolve("ca.pem") + "\ncertfile " + pki.resolve("server.pem") + "\nkeyfile "
            + pki.resolve("server.key") + "\nrequire_certificate true\n";
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), tls);
             Historian historian = Historian.open(dir.resolve("data"))) {
            MqttSettings connection = new MqttSettings(List.of(URI.create("ssl://127.0.0.1:" + broker.port())),
                "historian-tls", 5, null, null, pki.resolve("ca.pem"), pki.resolve("client.p12"),
                "secret".toCharArray(), Duration.ofSeconds(30), Duration.ofSeconds(5), 65_535);
            MqttSource source = MqttSource.start(historian, MqttSource.Settings.of(connection, "secure/#"));
            try {
                assertTrue(source.awaitSubscribed(20, TimeUnit.SECONDS), "no TLS connection");
                broker.publish("secure/t", "{\"value\": 5, \"timestamp\": 1767225600000}", "--cafile",
                    pki.resolve("ca.pem").toString(), "--cert", pki.resolve("client.pem").toString(), "--key",
                    pki.resolve("client.key").toString());
                Eventually.await(() -> historian.readRaw("secure/t", 0, Long.MAX_VALUE).size() == 1, "TLS value");
                assertEquals(5.0, historian.readRaw("secure/t", 0, Long.MAX_VALUE).get(0).doubleValue());
            } finally {
                source.close();
            }
        }
    }

    @Test
    void recordsOverMqtt311WithAPersistentSession() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"));
             Historian historian = Historian.open(dir.resolve("data"))) {
            MqttSettings connection = new MqttSettings(List.of(URI.create(broker.url())), "historian-v3", 3, null, null,
                null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(5), 65_535);
            MqttSource first = MqttSource.start(historian, MqttSource.Settings.of(connection, "v3/#"));
            assertTrue(first.awaitSubscribed(20, TimeUnit.SECONDS));
            first.close();
            // Published while the historian is away: the 3.1.1 session keeps it.
            broker.publish("v3/away", "{\"value\": 7, \"timestamp\": 1767225600000}");
            MqttSource second = MqttSource.start(historian, MqttSource.Settings.of(connection, "v3/#"));
            try {
                Eventually.await(() -> historian.readRaw("v3/away", 0, Long.MAX_VALUE).size() == 1,
                    "message kept by the session");
            } finally {
                second.close();
            }
        }
    }
}
