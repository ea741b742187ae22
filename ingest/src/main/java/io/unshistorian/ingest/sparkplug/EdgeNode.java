package io.unshistorian.ingest.sparkplug;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload;

/**
 * What a host knows of one edge node's session: its birth/death sequence ({@code bdSeq}), the next
 * message sequence number it expects, the metrics of the node and of each born device (by name,
 * and by alias — aliases are unique across a node and its devices), and messages that came early
 * and wait for the ones before them.
 */
final class EdgeNode {
    /** A message that arrived ahead of its sequence, held until the gap fills or times out. */
    record Held(SparkplugTopic topic, Payload payload, long arrivalEpochNanos, long deadlineNanos) {
    }

    final String group;
    final String node;
    boolean born;
    long bdSeq = -1;
    int expectedSeq;
    final Map<String, MetricInfo> metrics = new HashMap<>();
    final Map<Long, MetricInfo> aliases = new HashMap<>();
    final Map<String, Map<String, MetricInfo>> devices = new HashMap<>();
    /** Early messages by sequence number. */
    final Map<Integer, Held> held = new LinkedHashMap<>();
    long lastRebirthRequestNanos;
    boolean rebirthRequested;

    EdgeNode(String group, String node) {
        this.group = group;
        this.node = node;
    }

    /** A new session (NBIRTH): everything the old one defined is forgotten. */
    void reborn(long newBdSeq, int birthSeq) {
        born = true;
        bdSeq = newBdSeq;
        expectedSeq = (birthSeq + 1) & 0xFF;
        metrics.clear();
        aliases.clear();
        devices.clear();
        held.clear();
        rebirthRequested = false;
    }

    void died() {
        born = false;
        metrics.clear();
        aliases.clear();
        devices.clear();
        held.clear();
    }

    /** How far ahead of the expected sequence number {@code seq} is, 0..255. */
    int distance(int seq) {
        return (seq - expectedSeq) & 0xFF;
    }
}
