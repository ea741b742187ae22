package io.unshistorian.ingest.sparkplug;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.Template;

/**
 * An edge node for tests: payloads encoded by Eclipse Tahu (an implementation of the Sparkplug B
 * specification independent of ours), published by its own MQTT client, with the NDEATH will the
 * specification asks for; collects the commands (NCMD) a host sends it and the host's STATE.
 */
final class TahuEdgeNode implements AutoCloseable {
    final String group;
    final String node;
    private final Mqtt5BlockingClient client;
    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();
    final BlockingQueue<SparkplugBPayload> commands = new LinkedBlockingQueue<>();
    final BlockingQueue<String> hostStates = new LinkedBlockingQueue<>();
    private long bdSeq;
    private long seq;

    TahuEdgeNode(int port, String group, String node, long bdSeq) throws Exception {
        this.group = group;
        this.node = node;
        this.bdSeq = bdSeq;
        client = Mqtt5Client.builder().identifier("tahu-" + node + "-" + System.nanoTime()).serverHost("127.0.0.1")
            .serverPort(port).buildBlocking();
        client.connectWith().cleanStart(true).willPublish().topic(topic("NDEATH", null))
            .payload(encode(new SparkplugBPayload.SparkplugBPayloadBuilder().addMetric(bdSeqMetric()).createPayload()))
            .qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().send();
        SparkplugBPayloadDecoder decoder = new SparkplugBPayloadDecoder();
        client.toAsync().subscribeWith().topicFilter("spBv1.0/" + group + "/NCMD/" + node).qos(MqttQos.AT_LEAST_ONCE)
            .callback(publish -> {
                try {
                    commands.add(decoder.buildFromByteArray(publish.getPayloadAsBytes(), null));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).send().get(5, TimeUnit.SECONDS);
        client.toAsync().subscribeWith().topicFilter("spBv1.0/STATE/+").qos(MqttQos.AT_LEAST_ONCE)
            .callback(publish -> hostStates.add(publish.getTopic() + " "
                + new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().get(5, TimeUnit.SECONDS);
    }

    String topic(String type, String device) {
        return "spBv1.0/" + group + "/" + type + "/" + node + (device == null ? "" : "/" + device);
    }

    Metric bdSeqMetric() throws Exception {
        return new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, bdSeq).createMetric();
    }

    /** NBIRTH with seq 0, the bdSeq metric, a rebirth control and {@code metrics}. */
    void birth(long timestamp, List<Metric> metrics) throws Exception {
        seq = 0;
        SparkplugBPayload.SparkplugBPayloadBuilder payload = new SparkplugBPayload.SparkplugBPayloadBuilder()
            .setTimestamp(new Date(timestamp)).setSeq(seq).addMetric(bdSeqMetric())
            .addMetric(new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, false).createMetric())
            .addMetrics(stamped(metrics, timestamp));
        publish(topic("NBIRTH", null), payload.createPayload(), 0);
    }

    /** Publishes a sequenced message (NDATA, DBIRTH, DDATA, DDEATH) with the next seq. */
    void send(String type, String device, long timestamp, List<Metric> metrics) throws Exception {
        seq = (seq + 1) & 0xFF;
        sendWithSeq(type, device, timestamp, metrics, seq);
    }

    void sendWithSeq(String type, String device, long timestamp, List<Metric> metrics, long sequence) throws Exception {
        SparkplugBPayload payload = new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(new Date(timestamp))
            .setSeq(sequence).addMetrics(stamped(metrics, timestamp)).createPayload();
        publish(topic(type, device), payload, 0);
    }

    /**
     * Tahu stamps each metric with the time it was built: give the current ones (not historical)
     * the message's time instead, as an edge node reading them at that moment would.
     */
    private static List<Metric> stamped(List<Metric> metrics, long timestamp) {
        for (Metric metric : metrics) {
            if (!Boolean.TRUE.equals(metric.isHistorical())) {
                metric.setTimestamp(new Date(timestamp));
            }
            if (metric.getValue() instanceof Template) {
                stamped(((Template) metric.getValue()).getMetrics(), timestamp);
            }
        }
        return metrics;
    }

    /** Skips a sequence number, as if a message had been lost. */
    void skipSeq() {
        seq = (seq + 1) & 0xFF;
    }

    void death() throws Exception {
        publish(topic("NDEATH", null), new SparkplugBPayload.SparkplugBPayloadBuilder().addMetric(bdSeqMetric())
            .createPayload(), 1);
    }

    void deathWithBdSeq(long oldBdSeq) throws Exception {
        publish(topic("NDEATH", null), new SparkplugBPayload.SparkplugBPayloadBuilder()
            .addMetric(new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, oldBdSeq).createMetric())
            .createPayload(), 1);
    }

    void nextSession() {
        bdSeq++;
    }

    void publishRaw(String topic, byte[] payload) {
        client.publishWith().topic(topic).payload(payload).qos(MqttQos.AT_MOST_ONCE).send();
    }

    private void publish(String topic, SparkplugBPayload payload, int qos) throws Exception {
        client.publishWith().topic(topic).payload(encode(payload)).qos(MqttQos.fromCode(qos)).send();
    }

    private byte[] encode(SparkplugBPayload payload) throws Exception {
        return encoder.getBytes(payload, false);
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
