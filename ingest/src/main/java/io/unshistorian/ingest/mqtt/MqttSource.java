package io.unshistorian.ingest.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a plant's plain and JSON UNS topics: subscribes with a persistent session (clean start
 * off, a session expiry) at QoS 1, so the broker keeps what arrives while the historian is down,
 * and acknowledges each message only once its samples are in the write-ahead log. Reconnects by
 * itself. Sparkplug B is {@code io.unshistorian.ingest.sparkplug}. See {@code docs/mqtt.md}.
 */
public final class MqttSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSource.class);
    /** Topics a plain source never stores: the broker's own, and Sparkplug's protobuf and STATE. */
    public static final List<String> ALWAYS_IGNORED = List.of("$SYS/#", "spBv1.0/#", "STATE/#");

    /** What the plain source subscribes to and how it reads topics and payloads. */
    public record Settings(MqttSettings connection, List<String> subscriptions, int qos, long sessionExpirySeconds,
                           List<String> ignore, List<String> rewrite, PayloadFormat format,
                           JsonFields json, boolean integersAsLong, int maxPayloadBytes) {
        public Settings {
            if (subscriptions.isEmpty()) {
                throw new IllegalArgumentException("no MQTT subscription: set mqtt.subscribe, e.g. acme/#");
            }
            if (qos < 0 || qos > 2) {
                throw new IllegalArgumentException("MQTT QoS " + qos + " is not 0, 1 or 2");
            }
        }

        /** Defaults for one broker: everything ({@code #}), QoS 1, a day of session, payloads told apart. */
        public static Settings of(MqttSettings connection, String... subscriptions) {
            return new Settings(connection, List.of(subscriptions), 1, 86_400, List.of(), List.of(),
                PayloadFormat.AUTO, JsonFields.DEFAULT, false, 1 << 20);
        }

        /** Reads the {@code mqtt.*} properties (docs/mqtt.md); null when {@code mqtt.broker} is not set. */
        public static Settings from(Properties properties, String defaultClientId) {
            if (properties.getProperty("mqtt.broker") == null) {
                return null;
            }
            MqttSettings connection = MqttSettings.from(properties, "mqtt.", null, defaultClientId);
            JsonFields json = new JsonFields(
                properties.getProperty("mqtt.json.value", "value"),
                properties.getProperty("mqtt.json.timestamp", "timestamp"),
                properties.getProperty("mqtt.json.quality", "quality"),
                properties.getProperty("mqtt.json.timestamp-unit", "auto"),
                properties.getProperty("mqtt.json.quality-codes", "opcua").equals("opcda"));
            String format = properties.getProperty("mqtt.payload", "auto").toUpperCase(Locale.ROOT);
            try {
                return new Settings(connection, list(properties.getProperty("mqtt.subscribe", "#"), ","),
                    Integer.parseInt(properties.getProperty("mqtt.qos", "1")),
                    Long.parseLong(properties.getProperty("mqtt.session-expiry-seconds", "86400")),
                    list(properties.getProperty("mqtt.ignore", ""), ","),
                    list(properties.getProperty("mqtt.map", ""), ";"), PayloadFormat.valueOf(format), json,
                    properties.getProperty("mqtt.integers", "double").equals("long"),
                    Integer.parseInt(properties.getProperty("mqtt.max-payload-bytes", Integer.toString(1 << 20))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("MQTT settings: " + e.getMessage()
                    + " (mqtt.payload is auto, plain or json; numbers are numbers)", e);
            }
        }

        private static List<String> list(String text, String separator) {
            List<String> items = new ArrayList<>();
            for (String item : text.split(separator)) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
            return items;
        }
    }

    private final BrokerClient client;
    private final IngestPipeline pipeline;
    private final Settings settings;
    private volatile boolean subscribed;
    private final CountDownLatch firstSubscription = new CountDownLatch(1);

    private MqttSource(BrokerClient client, IngestPipeline pipeline, Settings settings) {
        this.client = client;
        this.pipeline = pipeline;
        this.settings = settings;
    }

    /**
     * Connects and starts recording. The broker need not be up: the source keeps trying, with
     * backoff, and says so in the log.
     */
    public static MqttSource start(Historian historian, Settings settings) throws IOException {
        List<String> ignore = new ArrayList<>(ALWAYS_IGNORED);
        ignore.addAll(settings.ignore());
        PlainTopics topics = new PlainTopics(new TopicMapping(ignore, settings.rewrite()), settings.format(),
            settings.json(), settings.maxPayloadBytes(), settings.integersAsLong());
        IngestStats stats = new IngestStats();
        IngestPipeline pipeline = new IngestPipeline(historian, topics, stats,
            Math.max(8192, 2 * settings.connection().receiveMaximum()), "mqtt");
        BrokerClient client = MqttClients.create(settings.connection());
        MqttSource source = new MqttSource(client, pipeline, settings);
        pipeline.start();
        client.onMessage(message -> {
            try {
                pipeline.submit(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        client.onConnection(source::connected, () -> LOG.info("reconnecting to {}", settings.connection().brokers()));
        client.connect(true, settings.sessionExpirySeconds(), null).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("MQTT broker {} not reachable yet ({}); retrying", settings.connection().brokers(),
                    failure.getMessage());
            }
        });
        return source;
    }

    /**
     * Subscribes on the first connection of this process (the configured filters may have changed
     * since the session was made); later reconnects keep the broker's session, and the client
     * subscribes again by itself when the broker lost it.
     */
    private void connected() {
        if (subscribed) {
            LOG.info("MQTT reconnected to {}", settings.connection().brokers());
            return;
        }
        LOG.info("MQTT connected to {} as {}; subscribing to {}", settings.connection().brokers(),
            settings.connection().clientId(), settings.subscriptions());
        client.subscribe(settings.subscriptions(), settings.qos()).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.error("MQTT subscription failed: {}; retrying at the next connection", failure.getMessage());
            } else {
                subscribed = true;
                firstSubscription.countDown();
            }
        });
    }

    /** Whether the broker connection is up now. */
    public boolean brokerConnected() {
        return client.connected();
    }

    public IngestStats stats() {
        return pipeline.stats();
    }

    /** Stops taking messages, stores and acknowledges what was received, then disconnects. */
    @Override
    public void close() {
        pipeline.close();
        client.close();
    }

    @Override
    public String toString() {
        return "MQTT " + settings.connection().brokers() + " " + settings.subscriptions() + " "
            + settings.format();
    }

    /**
     * Waits until the broker has confirmed the subscriptions (the session exists from then on:
     * what is published later is kept for us even while we are down).
     */
    public boolean awaitSubscribed(long timeout, TimeUnit unit) throws InterruptedException {
        return firstSubscription.await(timeout, unit);
    }

}
