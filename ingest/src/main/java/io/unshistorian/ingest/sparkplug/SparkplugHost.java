package io.unshistorian.ingest.sparkplug;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.unshistorian.ingest.mqtt.ArrivalClock;
import io.unshistorian.ingest.mqtt.BadMessageException;
import io.unshistorian.ingest.mqtt.InboundMessage;
import io.unshistorian.ingest.mqtt.MessageHandler;
import io.unshistorian.ingest.mqtt.Reason;
import io.unshistorian.ingest.mqtt.SampleSink;
import io.unshistorian.ingest.sparkplug.SparkplugTopic.MessageType;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.DataType;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload.Metric;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.series.SeriesPath;

import com.google.protobuf.InvalidProtocolBufferException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sparkplug B host application's state machine (specification 3.0), run on the ingest thread:
 * births define metrics (names, aliases, datatypes, properties), data is matched by alias or name,
 * each edge node's messages are put back in {@code seq} order (0–255, wrapping) within a reorder
 * timeout, deaths are matched to births by {@code bdSeq}, and a death — or the loss of the broker
 * connection — repeats every metric's last value with a stale quality at the death time, so
 * {@code latest} and aggregates show it. A gap, an unknown alias or data before a birth asks the
 * edge node for a rebirth ({@code NCMD} {@code Node Control/Rebirth}), at most once per interval.
 */
final class SparkplugHost implements MessageHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SparkplugHost.class);
    private static final String BD_SEQ = "bdSeq";
    private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000L;
    /** Edge nodes tracked at most; beyond them only births add one. */
    static final int MAX_NODES = 100_000;

    /** Publishes a command to an edge node (QoS 0, not retained). */
    interface Commands {
        void publish(String topic, byte[] payload);
    }

    private final PathTemplate paths;
    private final long reorderTimeoutNanos;
    private final long rebirthIntervalNanos;
    private final int maxPayloadBytes;
    private final Commands commands;
    private final ArrivalClock clock = new ArrivalClock();
    private final Map<String, EdgeNode> nodes = new HashMap<>();
    final LongAdder rebirthRequests = new LongAdder();
    final LongAdder staleSamples = new LongAdder();
    final LongAdder deaths = new LongAdder();
    private volatile int nodesOnline;

    SparkplugHost(PathTemplate paths, long reorderTimeoutNanos, long rebirthIntervalNanos, int maxPayloadBytes,
                  Commands commands) {
        this.paths = paths;
        this.reorderTimeoutNanos = reorderTimeoutNanos;
        this.rebirthIntervalNanos = rebirthIntervalNanos;
        this.maxPayloadBytes = maxPayloadBytes;
        this.commands = commands;
    }

    int nodesOnline() {
        return nodesOnline;
    }

    @Override
    public void handle(InboundMessage message, SampleSink sink) throws BadMessageException {
        SparkplugTopic topic = SparkplugTopic.parse(message.topic());
        if (topic == null) {
            throw new BadMessageException(Reason.UNMAPPABLE_TOPIC, "not a Sparkplug B topic "
                + "(spBv1.0/GROUP/TYPE/NODE[/DEVICE])");
        }
        if (topic.type() == MessageType.STATE || topic.type() == MessageType.NCMD || topic.type() == MessageType.DCMD) {
            return;   // host state and commands to edge nodes are not process data
        }
        byte[] bytes = message.payload();
        if (bytes.length == 0) {
            throw new BadMessageException(Reason.EMPTY_PAYLOAD, "empty payload");
        }
        if (bytes.length > maxPayloadBytes) {
            throw new BadMessageException(Reason.OVERSIZE, bytes.length + " bytes, the limit is " + maxPayloadBytes);
        }
        Payload payload;
        try {
            payload = Payload.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BadMessageException(Reason.MALFORMED, "not a Sparkplug B payload: " + e.getMessage());
        }
        long arrival = clock.epochNanos(message.arrivalNanos());
        String key = topic.group() + "/" + topic.node();
        EdgeNode node = nodes.get(key);
        if (node == null) {
            if (nodes.size() >= MAX_NODES && topic.type() != MessageType.NBIRTH) {
                // Messages from ever new node names must not grow the host's memory without bound.
                throw new BadMessageException(Reason.UNKNOWN_METRIC, topic.type() + " of an edge node never born, "
                    + "and " + MAX_NODES + " nodes are known already");
            }
            node = new EdgeNode(topic.group(), topic.node());
            nodes.put(key, node);
        }
        switch (topic.type()) {
            case NBIRTH:
                birth(node, topic, payload, arrival, sink, message.topic());
                break;
            case NDEATH:
                death(node, payload, arrival, sink, message.topic());
                break;
            default:
                sequenced(node, topic, payload, arrival, sink, message.topic());
        }
        nodesOnline = countOnline();
    }

    private int countOnline() {
        int online = 0;
        for (EdgeNode node : nodes.values()) {
            online += node.born ? 1 : 0;
        }
        return online;
    }

    // ---- births and deaths

    private void birth(EdgeNode node, SparkplugTopic topic, Payload payload, long arrival, SampleSink sink,
                       String topicName) {
        long bdSeq = -1;
        for (Metric metric : payload.getMetricsList()) {
            if (metric.getName().equals(BD_SEQ)) {
                bdSeq = metric.hasLongValue() ? metric.getLongValue() : metric.getIntValue();
            }
        }
        if (bdSeq < 0) {
            sink.rejected(Reason.MALFORMED, topicName, "NBIRTH without a bdSeq metric; its NDEATH will be taken as is");
        }
        node.reborn(bdSeq, payload.hasSeq() ? (int) payload.getSeq() & 0xFF : 0);
        long payloadTime = payloadTime(payload, arrival);
        for (Metric metric : payload.getMetricsList()) {
            MetricInfo info = define(node, null, metric, sink, topicName);
            if (info != null) {
                node.metrics.put(info.name, info);
                write(info, metric, payloadTime, sink, topicName);
            }
        }
    }

    private void deviceBirth(EdgeNode node, SparkplugTopic topic, Payload payload, long arrival, SampleSink sink,
                             String topicName) {
        Map<String, MetricInfo> previous = node.devices.remove(topic.device());
        if (previous != null) {
            node.aliases.values().removeAll(previous.values());
        }
        Map<String, MetricInfo> device = new HashMap<>();
        node.devices.put(topic.device(), device);
        long payloadTime = payloadTime(payload, arrival);
        for (Metric metric : payload.getMetricsList()) {
            MetricInfo info = define(node, topic.device(), metric, sink, topicName);
            if (info != null) {
                device.put(info.name, info);
                write(info, metric, payloadTime, sink, topicName);
            }
        }
    }

    /** A metric of a birth: its series, datatype, alias, template members and metadata. */
    private MetricInfo define(EdgeNode node, String device, Metric metric, SampleSink sink, String topicName) {
        String name = metric.getName();
        if (!metric.hasName() || name.isEmpty()) {
            sink.rejected(Reason.MALFORMED, topicName, "a birth metric without a name");
            return null;
        }
        if (name.equals(BD_SEQ) || name.startsWith("Node Control/") || name.startsWith("Device Control/")) {
            return null;   // session bookkeeping and command endpoints, not process values
        }
        if (!metric.hasDatatype()) {
            sink.rejected(Reason.MALFORMED, topicName, "birth metric '" + name + "' has no datatype");
            return null;
        }
        if (metric.getDatatype() == DataType.Template_VALUE && metric.getTemplateValue().getIsDefinition()) {
            return null;   // a template definition describes instances; it has no value of its own
        }
        String path = paths.pathOf(node.group, node.node, device, name);
        String problem = SeriesPath.problemWith(path);
        if (problem != null) {
            sink.rejected(Reason.UNMAPPABLE_TOPIC, topicName, "metric '" + name + "': " + problem);
            return null;
        }
        MetricInfo info = new MetricInfo(name, path, metric.getDatatype());
        defineMembers(info, metric);
        if (metric.hasAlias()) {
            node.aliases.put(metric.getAlias(), info);
        }
        SeriesMetadata metadata = MetricValues.metadata(metric);
        if (metadata != null) {
            sink.metadata(path, metadata);
        }
        return info;
    }

    private static void defineMembers(MetricInfo template, Metric metric) {
        if (metric.getDatatype() != DataType.Template_VALUE || !metric.hasTemplateValue()) {
            return;
        }
        for (Metric member : metric.getTemplateValue().getMetricsList()) {
            if (member.hasName() && !member.getName().isEmpty()) {
                MetricInfo info = new MetricInfo(member.getName(), template.path + "/" + member.getName(),
                    member.getDatatype());
                defineMembers(info, member);
                template.members.put(info.name, info);
            }
        }
    }

    private void death(EdgeNode node, Payload payload, long arrival, SampleSink sink, String topicName) {
        long bdSeq = -1;
        for (Metric metric : payload.getMetricsList()) {
            if (metric.getName().equals(BD_SEQ)) {
                bdSeq = metric.hasLongValue() ? metric.getLongValue() : metric.getIntValue();
            }
        }
        if (!node.born) {
            return;   // already dead (a death after a lost connection or a repeated will)
        }
        if (bdSeq >= 0 && node.bdSeq >= 0 && bdSeq != node.bdSeq) {
            sink.rejected(Reason.STALE_DEATH, topicName, "NDEATH bdSeq " + bdSeq + " is not the session's ("
                + node.bdSeq + "): an older session's will, ignored");
            return;
        }
        // The will was made at connect time: its timestamp is not the death's; arrival is.
        markStale(node, arrival, sink, topicName);
        node.died();
        deaths.increment();
    }

    private void deviceDeath(EdgeNode node, SparkplugTopic topic, Payload payload, long arrival, SampleSink sink,
                             String topicName) {
        Map<String, MetricInfo> device = node.devices.remove(topic.device());
        if (device == null) {
            return;
        }
        node.aliases.values().removeAll(device.values());
        markStale(device.values(), payloadTime(payload, arrival), sink, topicName);
        deaths.increment();
    }

    private void markStale(EdgeNode node, long deathNanos, SampleSink sink, String topicName) {
        markStale(node.metrics.values(), deathNanos, sink, topicName);
        for (Map<String, MetricInfo> device : node.devices.values()) {
            markStale(device.values(), deathNanos, sink, topicName);
        }
    }

    private void markStale(Collection<MetricInfo> metrics, long deathNanos, SampleSink sink, String topicName) {
        for (MetricInfo info : metrics) {
            if (!info.members.isEmpty()) {
                markStale(info.members.values(), deathNanos, sink, topicName);
            }
            try {
                if (info.lastType != null) {
                    MetricValues.writeStale(info, deathNanos, sink);
                    staleSamples.increment();
                }
            } catch (BadMessageException e) {
                sink.rejected(e.reason(), topicName, "stale mark of '" + info.name + "': " + e.getMessage());
            }
        }
    }

    @Override
    public void connectionLost(long nowMillis, SampleSink sink) {
        // Without the broker we cannot know who is alive: every node is stale until it is born again
        // (edge nodes see our STATE go offline, and publish births when it is back).
        for (EdgeNode node : nodes.values()) {
            if (node.born) {
                markStale(node, nowMillis * 1_000_000L, sink, "(connection lost)");
                node.died();
            }
        }
        nodesOnline = 0;
    }

    // ---- sequenced messages: NDATA, DBIRTH, DDATA, DDEATH

    private void sequenced(EdgeNode node, SparkplugTopic topic, Payload payload, long arrival, SampleSink sink,
                           String topicName) {
        if (!node.born) {
            sink.rejected(Reason.UNKNOWN_METRIC, topicName, topic.type() + " before the node's NBIRTH; rebirth requested");
            requestRebirth(node);
            return;
        }
        if (!payload.hasSeq() || payload.getSeq() > 255) {
            sink.rejected(Reason.MALFORMED, topicName, topic.type() + " without a seq 0..255; stored out of sequence");
            apply(node, topic, payload, arrival, sink, topicName);
            return;
        }
        int seq = (int) payload.getSeq();
        int distance = node.distance(seq);
        if (distance == 0) {
            apply(node, topic, payload, arrival, sink, topicName);
            node.expectedSeq = (seq + 1) & 0xFF;
            drain(node, sink);
        } else if (distance < 128) {
            // Early: hold it for the ones before it, for at most the reorder timeout.
            node.held.putIfAbsent(seq, new EdgeNode.Held(topic, payload, arrival,
                System.nanoTime() + reorderTimeoutNanos));
            if (node.held.size() >= 128) {
                gap(node, sink);
            }
        } else {
            // Behind: a repeat or a straggler. Its samples carry their own time, so storing is harmless.
            apply(node, topic, payload, arrival, sink, topicName);
        }
    }

    private void drain(EdgeNode node, SampleSink sink) {
        EdgeNode.Held next;
        while (node.born && (next = node.held.remove(node.expectedSeq)) != null) {
            apply(node, next.topic(), next.payload(), next.arrivalEpochNanos(), sink, next.topic().toString());
            node.expectedSeq = (node.expectedSeq + 1) & 0xFF;
        }
    }

    @Override
    public void tick(long nowNanos, SampleSink sink) {
        for (EdgeNode node : nodes.values()) {
            if (node.held.isEmpty()) {
                continue;
            }
            for (EdgeNode.Held held : node.held.values()) {
                if (nowNanos - held.deadlineNanos() >= 0) {
                    gap(node, sink);
                    break;
                }
            }
        }
    }

    /** The missing messages are not coming: store what is held, in order, and ask for a rebirth. */
    private void gap(EdgeNode node, SampleSink sink) {
        List<Integer> order = new ArrayList<>(node.held.keySet());
        order.sort((a, b) -> Integer.compare(node.distance(a), node.distance(b)));
        String where = SparkplugTopic.NAMESPACE + "/" + node.group + "/*/" + node.node;
        sink.rejected(Reason.SEQUENCE_GAP, where, "expected seq " + node.expectedSeq + ", next received "
            + order.get(0) + " (" + node.distance(order.get(0)) + " missing); rebirth requested");
        for (int seq : order) {
            EdgeNode.Held held = node.held.remove(seq);
            if (node.born) {
                apply(node, held.topic(), held.payload(), held.arrivalEpochNanos(), sink, held.topic().toString());
                node.expectedSeq = (seq + 1) & 0xFF;
            }
        }
        requestRebirth(node);
    }

    private void apply(EdgeNode node, SparkplugTopic topic, Payload payload, long arrival, SampleSink sink,
                       String topicName) {
        switch (topic.type()) {
            case DBIRTH:
                deviceBirth(node, topic, payload, arrival, sink, topicName);
                break;
            case DDEATH:
                deviceDeath(node, topic, payload, arrival, sink, topicName);
                break;
            case NDATA:
                data(node, node.metrics, payload, arrival, sink, topicName);
                break;
            case DDATA:
                Map<String, MetricInfo> device = node.devices.get(topic.device());
                if (device == null) {
                    sink.rejected(Reason.UNKNOWN_METRIC, topicName, "DDATA of device '" + topic.device()
                        + "' before its DBIRTH; rebirth requested");
                    requestRebirth(node);
                } else {
                    data(node, device, payload, arrival, sink, topicName);
                }
                break;
            default:
                throw new IllegalStateException("not a sequenced message: " + topic.type());
        }
    }

    private void data(EdgeNode node, Map<String, MetricInfo> byName, Payload payload, long arrival, SampleSink sink,
                      String topicName) {
        long payloadTime = payloadTime(payload, arrival);
        for (Metric metric : payload.getMetricsList()) {
            MetricInfo info = metric.hasAlias() ? node.aliases.get(metric.getAlias()) : null;
            if (info == null && metric.hasName()) {
                info = byName.get(metric.getName());
                if (info == null && (metric.getName().startsWith("Node Control/") || metric.getName().equals(BD_SEQ))) {
                    continue;
                }
            }
            if (info == null) {
                sink.rejected(Reason.UNKNOWN_METRIC, topicName, (metric.hasAlias() ? "alias " + metric.getAlias()
                    : "metric '" + metric.getName() + "'") + " is not in the birth; rebirth requested");
                requestRebirth(node);
                continue;
            }
            write(info, metric, payloadTime, sink, topicName);
        }
    }

    /** Stores one metric (a template instance: each member, as {@code path/member}). */
    private void write(MetricInfo info, Metric metric, long payloadTime, SampleSink sink, String topicName) {
        if (metric.getIsTransient()) {
            sink.rejected(Reason.TRANSIENT, topicName, "metric '" + info.name + "' is transient");
            return;
        }
        long time;
        if (metric.hasTimestamp()) {
            if (metric.getTimestamp() < 0 || metric.getTimestamp() > MAX_MILLIS) {
                sink.rejected(Reason.INVALID_SAMPLE, topicName, "metric '" + info.name + "' timestamp "
                    + Long.toUnsignedString(metric.getTimestamp()) + " ms is out of range");
                return;
            }
            time = metric.getTimestamp() * 1_000_000L;
        } else {
            time = payloadTime;
        }
        if (info.datatype == DataType.Template_VALUE) {
            if (!metric.hasTemplateValue()) {
                return;   // a null template instance: its members say nothing
            }
            for (Metric member : metric.getTemplateValue().getMetricsList()) {
                MetricInfo memberInfo = info.members.get(member.getName());
                if (memberInfo == null) {
                    sink.rejected(Reason.UNKNOWN_METRIC, topicName, "member '" + member.getName() + "' of '"
                        + info.name + "' is not in the birth");
                } else {
                    write(memberInfo, member, time, sink, topicName);
                }
            }
            return;
        }
        MetricValues.write(info, metric, time, sink, topicName);
    }

    private static long payloadTime(Payload payload, long arrival) {
        if (payload.hasTimestamp() && payload.getTimestamp() >= 0 && payload.getTimestamp() <= MAX_MILLIS) {
            return payload.getTimestamp() * 1_000_000L;
        }
        return arrival;
    }

    // ---- rebirth requests

    private void requestRebirth(EdgeNode node) {
        long now = System.nanoTime();
        if (node.rebirthRequested && now - node.lastRebirthRequestNanos < rebirthIntervalNanos) {
            return;
        }
        node.rebirthRequested = true;
        node.lastRebirthRequestNanos = now;
        rebirthRequests.increment();
        long millis = System.currentTimeMillis();
        byte[] command = Payload.newBuilder().setTimestamp(millis).addMetrics(Metric.newBuilder()
            .setName("Node Control/Rebirth").setTimestamp(millis).setDatatype(DataType.Boolean_VALUE)
            .setBooleanValue(true)).build().toByteArray();
        String topic = SparkplugTopic.nodeCommandTopic(node.group, node.node);
        LOG.info("requesting a rebirth of Sparkplug edge node {}/{}", node.group, node.node);
        commands.publish(topic, command);
    }
}
