package io.unshistorian.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.IngestSourceInfo;
import io.unshistorian.ingest.mqtt.IngestStats;
import io.unshistorian.ingest.mqtt.MqttSource;
import io.unshistorian.ingest.mqtt.Reason;
import io.unshistorian.ingest.sparkplug.SparkplugSource;

/**
 * The MQTT and Sparkplug B sources of {@code historian serve}, started from the {@code mqtt.*} and
 * {@code sparkplug.*} settings (docs/mqtt.md), reported in ServerInfo, closed before the historian.
 */
final class IngestSources implements AutoCloseable {
    private final MqttSource mqtt;
    private final SparkplugSource sparkplug;

    private IngestSources(MqttSource mqtt, SparkplugSource sparkplug) {
        this.mqtt = mqtt;
        this.sparkplug = sparkplug;
    }

    /** Starts what the settings ask for (possibly nothing); a bad setting fails before anything starts. */
    static IngestSources start(Historian historian, Properties settings) throws IOException {
        String clientId = settings.getProperty("mqtt.client-id", "uns-historian");
        MqttSource.Settings plain = MqttSource.Settings.from(settings, clientId);
        SparkplugSource.Settings sparkplug = SparkplugSource.Settings.from(settings, clientId);
        MqttSource mqtt = plain == null ? null : MqttSource.start(historian, plain);
        try {
            return new IngestSources(mqtt, sparkplug == null ? null : SparkplugSource.start(historian, sparkplug));
        } catch (IOException | RuntimeException e) {
            if (mqtt != null) {
                mqtt.close();
            }
            throw e;
        }
    }

    /** One line per running source, for the server's banner. */
    List<String> describe() {
        List<String> lines = new ArrayList<>();
        if (mqtt != null) {
            lines.add("recording " + mqtt);
        }
        if (sparkplug != null) {
            lines.add("recording " + sparkplug);
        }
        return lines;
    }

    /** Samples stored by all sources since they started. */
    long storedSamples() {
        return (mqtt == null ? 0 : mqtt.stats().storedSamples())
            + (sparkplug == null ? 0 : sparkplug.stats().storedSamples());
    }

    List<IngestSourceInfo> report() {
        List<IngestSourceInfo> sources = new ArrayList<>();
        if (mqtt != null) {
            sources.add(info("mqtt", mqtt.toString(), mqtt.stats()).setConnected(mqtt.brokerConnected()).build());
        }
        if (sparkplug != null) {
            sources.add(info("sparkplug", sparkplug.toString(), sparkplug.stats())
                .setRebirthRequests(sparkplug.rebirthRequests()).setStaleSamples(sparkplug.staleSamples())
                .setNodesOnline(sparkplug.nodesOnline()).setConnected(sparkplug.brokerConnected()).build());
        }
        return sources;
    }

    private static IngestSourceInfo.Builder info(String name, String description, IngestStats stats) {
        IngestSourceInfo.Builder info = IngestSourceInfo.newBuilder().setName(name).setDescription(description)
            .setMessagesReceived(stats.received()).setMessagesAcknowledged(stats.acknowledgedMessages())
            .setSamplesStored(stats.storedSamples());
        for (Map.Entry<Reason, Long> rejected : stats.rejections().entrySet()) {
            info.putNotStored(rejected.getKey().name(), rejected.getValue());
        }
        return info;
    }

    /** Stops taking messages; stores and acknowledges what was received. */
    @Override
    public void close() {
        if (sparkplug != null) {
            sparkplug.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
    }
}
