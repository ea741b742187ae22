package io.unshistorian.ingest.mqtt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How to reach a broker: one or more broker URLs (tried in turn on reconnect), client id, MQTT
 * version, credentials and TLS. Read from properties under a prefix ({@code mqtt.} for the plain
 * source, {@code sparkplug.} for the Sparkplug host, which falls back to the {@code mqtt.} broker
 * settings): see {@code docs/mqtt.md}.
 *
 * @param brokers        {@code tcp://host:1883} or {@code ssl://host:8883} ({@code mqtt://} and
 *                       {@code mqtts://} too); the port defaults to 1883 or 8883
 * @param clientId       stable, so the broker keeps the session across restarts
 * @param mqttVersion    5 or 3 (3.1.1)
 * @param password       null for none
 * @param caFile         PEM certificates to trust (null: the JVM's default trust store)
 * @param keyStore       PKCS#12 file with the client certificate and key (null: none)
 * @param receiveMaximum QoS 1 messages the broker may have unacknowledged with us (MQTT 5)
 */
public record MqttSettings(List<URI> brokers, String clientId, int mqttVersion, String username, byte[] password,
                           Path caFile, Path keyStore, char[] keyStorePassword, Duration keepAlive,
                           Duration reconnectMaxDelay, int receiveMaximum) {
    public MqttSettings {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("no broker URL: set one, e.g. tcp://127.0.0.1:1883");
        }
        for (URI broker : brokers) {
            if (!List.of("tcp", "mqtt", "ssl", "mqtts").contains(String.valueOf(broker.getScheme()))
                || broker.getHost() == null) {
                throw new IllegalArgumentException("broker URL '" + broker + "' is not tcp://HOST[:PORT] or "
                    + "ssl://HOST[:PORT]");
            }
        }
        if (mqttVersion != 3 && mqttVersion != 5) {
            throw new IllegalArgumentException("MQTT version " + mqttVersion + " is not 3 (3.1.1) or 5");
        }
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("the MQTT client id is empty");
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receive maximum " + receiveMaximum + " is not 1..65535");
        }
        brokers = List.copyOf(brokers);
    }

    /** One broker, anonymous, no TLS: for tests and the demo. */
    public static MqttSettings plain(URI broker, String clientId) {
        return new MqttSettings(List.of(broker), clientId, 5, null, null, null, null, null, Duration.ofSeconds(30),
            Duration.ofSeconds(30), 65_535);
    }

    /** Whether a broker URL asks for TLS. */
    public static boolean tls(URI broker) {
        return broker.getScheme().equals("ssl") || broker.getScheme().equals("mqtts");
    }

    /** The port of a broker URL, defaulted by its scheme. */
    public static int port(URI broker) {
        return broker.getPort() > 0 ? broker.getPort() : tls(broker) ? 8883 : 1883;
    }

    /**
     * Reads {@code <prefix>broker} (comma-separated), {@code client-id}, {@code version}, {@code
     * username}, {@code password}, {@code tls.ca}, {@code tls.keystore}, {@code
     * tls.keystore-password}, {@code keep-alive-seconds}, {@code reconnect-max-seconds} and {@code
     * receive-maximum}; each missing one from {@code fallbackPrefix} (when not null), then its default.
     */
    public static MqttSettings from(Properties properties, String prefix, String fallbackPrefix,
                                    String defaultClientId) {
        Lookup get = key -> {
            String value = properties.getProperty(prefix + key);
            if (value == null && fallbackPrefix != null) {
                value = properties.getProperty(fallbackPrefix + key);
            }
            return value == null || value.isBlank() ? null : value.strip();
        };
        List<URI> brokers = new ArrayList<>();
        String urls = get.value("broker");
        if (urls == null) {
            throw new IllegalArgumentException("set " + prefix + "broker (e.g. tcp://127.0.0.1:1883)");
        }
        for (String url : urls.split(",")) {
            try {
                brokers.add(URI.create(url.strip()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("broker URL '" + url.strip() + "' is not a URL: " + e.getMessage());
            }
        }
        String password = get.value("password");
        String keyStorePassword = get.value("tls.keystore-password");
        return new MqttSettings(brokers, orDefault(get.value("client-id"), defaultClientId),
            Integer.parseInt(orDefault(get.value("version"), "5")), get.value("username"),
            password == null ? null : password.getBytes(StandardCharsets.UTF_8),
            pathOrNull(get.value("tls.ca")), pathOrNull(get.value("tls.keystore")),
            keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray(),
            Duration.ofSeconds(Long.parseLong(orDefault(get.value("keep-alive-seconds"), "30"))),
            Duration.ofSeconds(Long.parseLong(orDefault(get.value("reconnect-max-seconds"), "30"))),
            Integer.parseInt(orDefault(get.value("receive-maximum"), "65535")));
    }

    @FunctionalInterface
    private interface Lookup {
        String value(String key);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }

    @Override
    public String toString() {
        return "MqttSettings[brokers=" + brokers + ", clientId=" + clientId + ", version=" + mqttVersion
            + ", username=" + username + ", password=" + (password == null ? "none" : "***") + ", ca=" + caFile
            + ", keyStore=" + keyStore + "]";
    }
}
