package io.unshistorian.ingest.sparkplug;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.ingest.mqtt.BrokerClient;
import io.unshistorian.ingest.mqtt.IngestPipeline;
import io.unshistorian.ingest.mqtt.IngestStats;
import io.unshistorian.ingest.mqtt.MqttClients;
import io.unshistorian.ingest.mqtt.MqttSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a Sparkplug B plant as a host application (specification 3.0): subscribes to {@code
 * spBv1.0/GROUP/#} with a clean session, as the specification asks of hosts — an edge node keeps
 * its data while no primary host is online and sends it later flagged historical — and, when a
 * host id is set, is the primary host: publishes the retained {@code spBv1.0/STATE/{host id}}
 * birth ({@code {"online":true,"timestamp":…}}) on every connection, with the matching offline
 * message as its will. See {@link SparkplugHost} for what is stored, and {@code docs/mqtt.md}.
 */
public final class SparkplugSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparkplugSource.class);

    /**
     * @param hostId         the primary host id to publish STATE for; null: a silent listener
     * @param groups         Sparkplug groups to record ({@code +}: all)
     * @param pathTemplate   where metrics are stored, see {@link PathTemplate}
     * @param reorderTimeoutMillis how long a message ahead of its sequence waits for the ones before it
     * @param rebirthIntervalMillis the least time between two rebirth requests to one node
     */
    public record Settings(MqttSettings connection, String hostId, List<String> groups, String pathTemplate,
                           long reorderTimeoutMillis, long rebirthIntervalMillis, int maxPayloadBytes) {
        public Settings {
            new PathTemplate(pathTemplate);   // says what is wrong with it now, not at the first message
            if (groups.isEmpty()) {
                throw new IllegalArgumentException("no Sparkplug group: set sparkplug.groups, or + for all");
            }
            if (hostId != null && (hostId.isBlank() || hostId.contains("/") || hostId.contains("+")
                || hostId.contains("#"))) {
                throw new IllegalArgumentException("sparkplug.host-id '" + hostId + "' must be one topic level");
            }
            if (reorderTimeoutMillis < 0 || rebirthIntervalMillis < 0) {
                throw new IllegalArgumentException("Sparkplug timeouts must not be negative");
            }
        }

        /** Defaults: all groups, the default path, a 2 s reorder timeout, rebirths at most every 5 s. */
        public static Settings of(MqttSettings connection, String hostId) {
            return new Settings(connection, hostId, List.of("+"), PathTemplate.DEFAULT, 2_000, 5_000, 16 << 20);
        }

        /**
         * Reads the {@code sparkplug.*} properties (broker settings fall back to {@code mqtt.*});
         * null when neither {@code sparkplug.broker} nor {@code sparkplug.host-id} is set.
         */
        public static Settings from(Properties properties, String defaultClientId) {
            boolean enabled = properties.getProperty("sparkplug.broker") != null
                || properties.getProperty("sparkplug.host-id") != null;
            if (!enabled) {
                return null;
            }
            MqttSettings connection = MqttSettings.from(properties, "sparkplug.", "mqtt.", defaultClientId);
            if (properties.getProperty("sparkplug.client-id") == null) {
                // One broker refuses two sessions with one client id: never share the plain source's.
                connection = new MqttSettings(connection.brokers(), connection.clientId() + "-sparkplug",
                    connection.mqttVersion(), connection.username(), connection.password(), connection.caFile(),
                    connection.keyStore(), connection.keyStorePassword(), connection.keepAlive(),
                    connection.reconnectMaxDelay(), connection.receiveMaximum());
            }
            List<String> groups = new ArrayList<>();
            for (String group : properties.getProperty("sparkplug.groups", "+").split(",")) {
                if (!group.isBlank()) {
                    groups.add(group.strip());
                }
            }
            try {
                String hostId = properties.getProperty("sparkplug.host-id");
                return new Settings(connection, hostId == null || hostId.isBlank() ? null : hostId.strip(), groups,
                    properties.getProperty("sparkplug.path", PathTemplate.DEFAULT),
                    Long.parseLong(properties.getProperty("sparkplug.reorder-timeout-ms", "2000")),
                    Long.parseLong(properties.getProperty("sparkplug.rebirth-interval-ms", "5000")),
                    Integer.parseInt(properties.getProperty("sparkplug.max-payload-bytes", Integer.toString(16 << 20))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Sparkplug settings: " + e.getMessage() + " is not a number");
            }
        }
    }

    private final BrokerClient client;
    private final IngestPipeline pipeline;
    private final SparkplugHost host;
    private final Settings settings;
    private volatile boolean closing;

    private SparkplugSource(BrokerClient client, IngestPipeline pipeline, SparkplugHost host, Settings settings) {
        this.client = client;
        this.pipeline = pipeline;
        this.host = host;
        this.settings = settings;
    }

    /** Connects (retrying with backoff until the broker is there) and starts recording. */
    public static SparkplugSource start(Historian historian, Settings settings) throws IOException {
        BrokerClient client = MqttClients.create(settings.connection());
        SparkplugHost host = new SparkplugHost(new PathTemplate(settings.pathTemplate()),
            TimeUnit.MILLISECONDS.toNanos(settings.reorderTimeoutMillis()),
            TimeUnit.MILLISECONDS.toNanos(settings.rebirthIntervalMillis()), settings.maxPayloadBytes(),
            (topic, payload) -> client.publish(topic, payload, 0, false).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.warn("Sparkplug command to {} not sent: {}", topic, failure.getMessage());
                }
            }));
        IngestPipeline pipeline = new IngestPipeline(historian, host, new IngestStats(),
            Math.max(8192, 2 * settings.connection().receiveMaximum()), "sparkplug");
        SparkplugSource source = new SparkplugSource(client, pipeline, host, settings);
        pipeline.start();
        String stateTopic = settings.hostId() == null ? null : SparkplugTopic.stateTopic(settings.hostId());
        client.onMessage(message -> {
            if (message.topic().equals(stateTopic)) {
                source.ownState(message.payload());
                return;
            }
            try {
                pipeline.submit(message);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        client.onConnection(source::connected, () -> {
            LOG.warn("Sparkplug broker connection lost; every edge node is stale until it is born again");
            pipeline.connectionLost();
        });
        BrokerClient.Will will = stateTopic == null ? null : new BrokerClient.Will() {
            @Override
            public String topic() {
                return stateTopic;
            }

            @Override
            public byte[] payload(long millis) {
                return state(false, millis);
            }
        };
        client.connect(false, 0, will).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("Sparkplug broker {} not reachable yet ({}); retrying", settings.connection().brokers(),
                    failure.getMessage());
            }
        });
        return source;
    }

    static byte[] state(boolean online, long millis) {
        return ("{\"online\":" + online + ",\"timestamp\":" + millis + "}").getBytes(StandardCharsets.UTF_8);
    }

    /** A clean session has no subscriptions: subscribe, then say we are online (spec order). */
    private void connected() {
        List<String> filters = new ArrayList<>();
        if (settings.hostId() != null) {
            filters.add(SparkplugTopic.stateTopic(settings.hostId()));
        }
        for (String group : settings.groups()) {
            filters.add(SparkplugTopic.NAMESPACE + "/" + group + "/#");
        }
        LOG.info("Sparkplug host {} connected to {}; subscribing to {}", settings.hostId() == null ? "(listener)"
            : settings.hostId(), settings.connection().brokers(), filters);
        client.subscribe(filters, 1).thenCompose(done -> settings.hostId() == null ? CompletableFuture.<Void>completedFuture(null)
                : client.publish(SparkplugTopic.stateTopic(settings.hostId()), state(true, client.willMillis()), 1, true))
            .whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("Sparkplug subscription or STATE birth failed: {}", failure.getMessage());
                }
            });
    }

    /** Another client (or a stale will) said we are offline while we are not: say online again. */
    private void ownState(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        if (!closing && text.replace(" ", "").contains("\"online\":false")) {
            LOG.warn("our Sparkplug STATE says offline ({}); publishing online again", text);
            client.publish(SparkplugTopic.stateTopic(settings.hostId()), state(true, client.willMillis()), 1, true);
        }
    }

    /** Whether the broker connection is up now. */
    public boolean brokerConnected() {
        return client.connected();
    }

    public IngestStats stats() {
        return pipeline.stats();
    }

    /** Rebirth requests sent to edge nodes. */
    public long rebirthRequests() {
        return host.rebirthRequests.sum();
    }

    /** Samples written to mark a metric stale after a death or a lost connection. */
    public long staleSamples() {
        return host.staleSamples.sum();
    }

    public long deaths() {
        return host.deaths.sum();
    }

    public int nodesOnline() {
        return host.nodesOnline();
    }

    /** Publishes STATE offline (a clean disconnect sends no will), stores what is queued, disconnects. */
    @Override
    public void close() {
        closing = true;
        if (settings.hostId() != null) {
            try {
                client.publish(SparkplugTopic.stateTopic(settings.hostId()), state(false, client.willMillis()), 1, true)
                    .get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Sparkplug STATE offline not published: {}", e.toString());
            }
        }
        pipeline.close();
        client.close();
    }

    @Override
    public String toString() {
        return "Sparkplug B " + settings.connection().brokers() + " groups " + settings.groups()
            + (settings.hostId() == null ? "" : " host " + settings.hostId());
    }
}
