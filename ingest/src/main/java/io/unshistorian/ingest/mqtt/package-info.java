/**
 * MQTT ingest: {@code MqttSource} records plain and JSON UNS topics from a broker with a persistent
 * session, acknowledging each message only once its samples are in the write-ahead log; {@code
 * IngestPipeline} is the one ingest thread every MQTT source (this one and the Sparkplug host) writes
 * through; {@code TopicMapping} turns topics into paths; {@code PlainPayload} and {@code
 * JsonPayload} decode payloads; {@code BrokerClient} hides MQTT 5 and 3.1.1 (HiveMQ's client). Bad
 * input is counted by {@code Reason} in {@code IngestStats} and never stops the stream. See {@code
 * docs/mqtt.md}.
 */
package io.unshistorian.ingest.mqtt;
