package io.unshistorian.ingest.mqtt;

/**
 * One MQTT message as a source hands it to the {@link IngestPipeline}: its topic, payload, arrival
 * time, QoS, and the acknowledgement to send once its samples are in the write-ahead log.
 */
public record InboundMessage(String topic, byte[] payload, long arrivalNanos, int qos, Runnable acknowledgement) {
}
