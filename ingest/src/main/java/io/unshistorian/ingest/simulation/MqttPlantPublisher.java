package io.unshistorian.ingest.simulation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.unshistorian.ingest.sparkplug.proto.SparkplugB.DataType;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload.Metric;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

/**
 * Publishes a {@link SimulatedPlant} to a real MQTT broker, the two ways plants do: every other
 * site as a Sparkplug B edge node (group = enterprise, edge node = site, device = area, metric =
 * {@code line/cell/tag}; NBIRTH/DBIRTH with aliases, then DDATA by alias, an NDEATH will), the
 * others as a plain UNS with a JSON payload per tag topic ({@code {"value":…,"timestamp":…}}).
 * For {@code historian demo --mqtt}.
 */
public final class MqttPlantPublisher implements AutoCloseable {
    private final String host;
    private final int port;
    private final Mqtt5AsyncClient plain;
    private final Map<String, SparkplugSite> sparkplugSites = new LinkedHashMap<>();
    private final List<String> siteOrder = new ArrayList<>();
    private final List<CompletableFuture<?>> pending = new ArrayList<>();

    /** One Sparkplug edge node: its connection, sequence numbers and the aliases of its metrics. */
    private static final class SparkplugSite {
        final String group;
        final String node;
        final Mqtt5AsyncClient client;
        final Map<String, Payload.Builder> devices = new LinkedHashMap<>();
        final Map<String, Long> aliases = new LinkedHashMap<>();
        boolean born;
        long seq;

        SparkplugSite(String group, String node, Mqtt5AsyncClient client) {
            this.group = group;
            this.node = node;
            this.client = client;
        }
    }

    public MqttPlantPublisher(String host, int port) throws Exception {
        this.host = host;
        this.port = port;
        this.plain = Mqtt5Client.builder().identifier("uns-demo-plant-" + System.nanoTime()).serverHost(host)
            .serverPort(port).automaticReconnectWithDefaultConfig().buildAsync();
        plain.connect().get(10, TimeUnit.SECONDS);
    }

    /** Publishes one sample of every tag at {@code timestampNanos}; returns how many. */
    public int publish(SimulatedPlant plant, long timestampNanos) throws Exception {
        int[] count = {0};
        long millis = timestampNanos / 1_000_000L;
        plant.tick(timestampNanos, new SimulatedPlant.Sink() {
            @Override
            public void doubleSample(String path, long t, double value) {
                add(path, millis, Metric.newBuilder().setDatatype(DataType.Double_VALUE).setDoubleValue(value),
                    Double.toString(value));
            }

            @Override
            public void longSample(String path, long t, long value) {
                add(path, millis, Metric.newBuilder().setDatatype(DataType.Int64_VALUE).setLongValue(value),
                    Long.toString(value));
            }

            @Override
            public void booleanSample(String path, long t, boolean value) {
                add(path, millis, Metric.newBuilder().setDatatype(DataType.Boolean_VALUE).setBooleanValue(value),
                    Boolean.toString(value));
            }

            @Override
            public void stringSample(String path, long t, String value) {
                add(path, millis, Metric.newBuilder().setDatatype(DataType.String_VALUE).setStringValue(value),
                    "\"" + value + "\"");
            }

            private void add(String path, long time, Metric.Builder metric, String json) {
                count[0]++;
                String[] levels = path.split("/", 4);   // enterprise / site / area / line/cell/tag
                if (!siteOrder.contains(levels[1])) {
                    siteOrder.add(levels[1]);
                }
                if (siteOrder.indexOf(levels[1]) % 2 == 0) {
                    SparkplugSite site = sparkplugSites.computeIfAbsent(levels[1], node -> connect(levels[0], node));
                    Payload.Builder device = site.devices.computeIfAbsent(levels[2], d -> Payload.newBuilder());
                    device.addMetrics(metric.setName(levels[3]).setTimestamp(time));
                } else {
                    pending.add(plain.publishWith().topic(path).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("{\"value\":" + json + ",\"timestamp\":" + time + "}").getBytes(StandardCharsets.UTF_8))
                        .send());
                }
            }
        });
        for (SparkplugSite site : sparkplugSites.values()) {
            flush(site, millis);
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        pending.clear();
        return count[0];
    }

    private SparkplugSite connect(String group, String node) {
        String deathTopic = "spBv1.0/" + group + "/NDEATH/" + node;
        byte[] death = Payload.newBuilder().addMetrics(Metric.newBuilder().setName("bdSeq")
            .setDatatype(DataType.Int64_VALUE).setLongValue(0)).build().toByteArray();
        Mqtt5AsyncClient client = Mqtt5Client.builder().identifier("uns-demo-edge-" + node + "-" + System.nanoTime())
            .serverHost(host).serverPort(port).willPublish().topic(deathTopic).payload(death)
            .qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().buildAsync();
        client.connect().join();
        return new SparkplugSite(group, node, client);
    }

    /** The first tick is the birth (NBIRTH, a DBIRTH per area, with aliases); later ticks DDATA by alias. */
    private void flush(SparkplugSite site, long millis) {
        String prefix = "spBv1.0/" + site.group + "/";
        if (!site.born) {
            site.seq = 0;
            Payload nbirth = Payload.newBuilder().setTimestamp(millis).setSeq(site.seq)
                .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(0))
                .addMetrics(Metric.newBuilder().setName("Node Control/Rebirth").setDatatype(DataType.Boolean_VALUE)
                    .setBooleanValue(false)).build();
            pending.add(site.client.publishWith().topic(prefix + "NBIRTH/" + site.node).payload(nbirth.toByteArray())
                .qos(MqttQos.AT_MOST_ONCE).send());
        }
        for (Map.Entry<String, Payload.Builder> device : site.devices.entrySet()) {
            Payload.Builder payload = device.getValue();
            for (Metric.Builder metric : payload.getMetricsBuilderList()) {
                long alias = site.aliases.computeIfAbsent(device.getKey() + "/" + metric.getName(),
                    key -> (long) site.aliases.size());
                metric.setAlias(alias);
                if (site.born) {
                    metric.clearName();   // data by alias, as the birth allows
                }
            }
            site.seq = (site.seq + 1) & 0xFF;
            payload.setTimestamp(millis).setSeq(site.seq);
            String type = site.born ? "DDATA/" : "DBIRTH/";
            pending.add(site.client.publishWith().topic(prefix + type + site.node + "/" + device.getKey())
                .payload(payload.build().toByteArray()).qos(MqttQos.AT_MOST_ONCE).send());
            payload.clear();
        }
        site.born = true;
    }

    @Override
    public void close() {
        plain.disconnect();
        for (SparkplugSite site : sparkplugSites.values()) {
            // A clean disconnect sends no will: say the node is gone first, as the specification asks.
            byte[] death = Payload.newBuilder().addMetrics(Metric.newBuilder().setName("bdSeq")
                .setDatatype(DataType.Int64_VALUE).setLongValue(0)).build().toByteArray();
            site.client.publishWith().topic("spBv1.0/" + site.group + "/NDEATH/" + site.node).payload(death)
                .qos(MqttQos.AT_LEAST_ONCE).send().orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
            site.client.disconnect();
        }
    }
}
