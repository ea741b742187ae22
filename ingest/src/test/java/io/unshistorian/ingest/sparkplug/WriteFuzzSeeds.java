package io.unshistorian.ingest.sparkplug;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;

import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.Template;
import org.junit.jupiter.api.Test;

/**
 * Writes the committed seed inputs of this module's fuzz targets (docs/fuzzing.md): Sparkplug B
 * conversations encoded by Eclipse Tahu (an independent encoder), CSV files in each layout the
 * reader takes, and plain and JSON payloads of each shape a UNS uses. Not part of the suite (its name
 * does not end in Test); run it when a format changes:
 * {@code mvn -o test -pl ingest -Dtest=WriteFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WriteFuzzSeeds {
    private static final Path RESOURCES = Path.of("src/test/resources/io/unshistorian/ingest");
    private static final long T0 = 1_767_225_600_000L;

    private final SparkplugBPayloadEncoder encoder = new SparkplugBPayloadEncoder();

    @Test
    void write() throws Exception {
        sparkplug();
        csv();
        plain();
        json();
    }

    private void sparkplug() throws Exception {
        Path directory = RESOURCES.resolve("sparkplug/SparkplugFuzzerInputs/conversation");
        PropertySet units = new PropertySet.PropertySetBuilder()
            .addProperty("engUnit", new PropertyValue<>(PropertyDataType.String, "degC"))
            .addProperty("engHigh", new PropertyValue<>(PropertyDataType.Double, 150.0))
            .addProperty("Quality", new PropertyValue<>(PropertyDataType.Int32, 192)).createPropertySet();
        Template motor = new Template.TemplateBuilder().templateRef("Motor").definition(false)
            .addMetric(new Metric.MetricBuilder("Speed", MetricDataType.Double, 1500.0).createMetric())
            .addMetric(new Metric.MetricBuilder("Running", MetricDataType.Boolean, true).createMetric())
            .createTemplate();
        byte[] birth = encode(payload(0, T0).addMetric(new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, 3L)
            .createMetric())
            .addMetric(new Metric.MetricBuilder("Temperature", MetricDataType.Float, 21.5f).alias(1L).properties(units)
                .createMetric())
            .addMetric(new Metric.MetricBuilder("Counter", MetricDataType.UInt32, 4_000_000_000L).alias(2L)
                .createMetric())
            .addMetric(new Metric.MetricBuilder("Status", MetricDataType.String, "RUN").alias(3L).createMetric())
            .addMetric(new Metric.MetricBuilder("Motor", MetricDataType.Template, motor).alias(4L).createMetric())
            .addMetric(new Metric.MetricBuilder("Started", MetricDataType.DateTime, new Date(T0)).alias(5L)
                .createMetric())
            .addMetric(new Metric.MetricBuilder("Blob", MetricDataType.Bytes, new byte[] {1, 2}).alias(6L)
                .createMetric())
            .createPayload());
        byte[] data = encode(payload(1, T0 + 1000)
            .addMetric(new Metric.MetricBuilder(1L, MetricDataType.Float, 22.0f).createMetric())
            .addMetric(new Metric.MetricBuilder(2L, MetricDataType.UInt32, 7L).createMetric())
            .addMetric(new Metric.MetricBuilder("Status", MetricDataType.String, "STOP").createMetric())
            .addMetric(new Metric.MetricBuilder(4L, MetricDataType.Template, new Template.TemplateBuilder()
                .templateRef("Motor").addMetric(new Metric.MetricBuilder("Speed", MetricDataType.Double, 1600.0)
                    .createMetric()).createTemplate()).createMetric())
            .addMetric(new Metric.MetricBuilder(1L, MetricDataType.Float, null).createMetric())
            .createPayload());
        byte[] deviceBirth = encode(payload(2, T0 + 2000)
            .addMetric(new Metric.MetricBuilder("Pressure", MetricDataType.Double, 3.2).alias(10L).createMetric())
            .addMetric(new Metric.MetricBuilder("Flow", MetricDataType.Int16, (short) -5).alias(11L).createMetric())
            .createPayload());
        byte[] deviceData = encode(payload(3, T0 + 3000)
            .addMetric(new Metric.MetricBuilder(10L, MetricDataType.Double, 3.3).createMetric())
            .addMetric(new Metric.MetricBuilder(11L, MetricDataType.Int16, (short) 7).createMetric())
            .createPayload());
        byte[] late = encode(payload(5, T0 + 5000)
            .addMetric(new Metric.MetricBuilder(1L, MetricDataType.Float, 23.0f).createMetric()).createPayload());
        byte[] deviceDeath = encode(payload(4, T0 + 4000).createPayload());
        byte[] death = encode(new SparkplugBPayload.SparkplugBPayloadBuilder()
            .addMetric(new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, 3L).createMetric()).createPayload());

        seed(directory, "seed-node-life", conversation(0, 0, birth, 1, data, 2, death));
        seed(directory, "seed-device-life", conversation(0, 0, birth, 3, deviceBirth, 4, deviceData, 5, deviceDeath,
            2, death));
        seed(directory, "seed-gap-tick-reorder", conversation(0, 0, birth, 1, data, 1, late, SparkplugFuzzer.TICK, null,
            3, deviceBirth));
        seed(directory, "seed-data-before-birth-and-connection-lost", conversation(1, 1, data, 0, birth,
            SparkplugFuzzer.CONNECTION_LOST, null, 4, deviceData));
    }

    /** The template byte, then (topic, payload) pairs; a null payload is an empty one. */
    private static byte[] conversation(int template, Object... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(template);
        for (int i = 0; i < messages.length; i += 2) {
            byte[] payload = messages[i + 1] == null ? new byte[0] : (byte[]) messages[i + 1];
            out.write((Integer) messages[i]);
            out.write(payload.length & 0xFF);
            out.write(payload.length >>> 8);
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    private static SparkplugBPayload.SparkplugBPayloadBuilder payload(long seq, long timestamp) {
        return new SparkplugBPayload.SparkplugBPayloadBuilder().setSeq(seq).setTimestamp(new Date(timestamp));
    }

    private byte[] encode(SparkplugBPayload payload) throws Exception {
        return encoder.getBytes(payload, false);
    }

    private static void csv() throws Exception {
        Path directory = RESOURCES.resolve("csv/CsvReaderFuzzerInputs/read");
        seed(directory, "seed-ms.csv", text("path,timestamp_ms,value\n"
            + "plant/line1/temperature,1767225600000,21.5\n"
            + "plant/line1/temperature,1767225601000,-0.0\n"
            + "\"plant/line1/a,b\",1767225602000,NaN\n"));
        seed(directory, "seed-ns-crlf.csv", text("path,timestamp_ns,value\r\n"
            + "plant/line2/pressure,1767225600000000000,3.25e2\r\n"
            + "plant/line2/pressure,1767225600000000001,Infinity\r\n"));
        seed(directory, "seed-iso-bom.csv", text("\uFEFFpath,timestamp,value\n"
            + "plant/line3/speed,2026-01-01T00:00:00Z,1500\n"
            + "plant/line3/speed,2026-01-01T00:00:00.123456789Z,1501\n"));
        seed(directory, "seed-bad-rows.csv", text("path,timestamp_ms,value\n"
            + "plant/x,not-a-number,1\n"
            + "plant/x,1767225600000,abc\n"
            + "plant/x,1767225600000\n"
            + "plant/#/x,1767225600000,1\n"
            + "\"multi\nline\",1767225600000,2\n"
            + "plant/x,99999999999999999,1\n"));
    }

    private static void plain() throws Exception {
        Path directory = RESOURCES.resolve("mqtt/PlainPayloadFuzzerInputs/handle");
        seed(directory, "seed-number", plainInput(0, "acme/dallas/line1/temperature", "21.5"));
        seed(directory, "seed-boolean-stored-long", plainInput(0x12, "legacy/plant1/line2/running", " TRUE "));
        seed(directory, "seed-text", plainInput(1, "x/berlin/raw/press/state", "RUNNING"));
        seed(directory, "seed-json-in-auto", plainInput(0, "whole/a", "{\"value\": 7, \"quality\": \"good\"}"));
        seed(directory, "seed-ignored", plainInput(0, "$SYS/broker/uptime", "1234 seconds"));
    }

    private static byte[] plainInput(int flags, String topic, String payload) {
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(flags);
        out.write(topicBytes.length);
        out.writeBytes(topicBytes);
        out.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void json() throws Exception {
        Path directory = RESOURCES.resolve("mqtt/JsonPayloadFuzzerInputs/handle");
        seed(directory, "seed-bare-number", jsonInput(0x70, "21.5"));
        seed(directory, "seed-object", jsonInput(0x70, "{\"value\": 21.5, \"timestamp\": 1767225600000,"
            + " \"quality\": 0}"));
        seed(directory, "seed-object-iso-opcda", jsonInput(0x71, "{\"v\": 12, \"ts\": \"2026-01-01T00:00:00.5+01:00\","
            + " \"q\": 192}"));
        seed(directory, "seed-fields-nested", jsonInput(0x78, "{\"timestamp\": 1767225600, \"temperature\": 21.5,"
            + " \"running\": true, \"state\": \"RUN\", \"motor\": {\"speed\": 1500, \"unit\": null}}"));
        seed(directory, "seed-array", jsonInput(0x10, "[{\"value\": 1, \"timestamp\": 1767225600000000},"
            + " {\"value\": 2.5e3, \"timestamp\": \"2026-01-01T00:00:01Z\", \"quality\": \"uncertain\"}]"));
        seed(directory, "seed-string-stored-boolean", jsonInput(0x20, "\"ON\""));
    }

    private static byte[] jsonInput(int flags, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[bytes.length + 1];
        input[0] = (byte) flags;
        System.arraycopy(bytes, 0, input, 1, bytes.length);
        return input;
    }

    private static byte[] text(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    private static void seed(Path directory, String name, byte[] input) throws Exception {
        Files.createDirectories(directory);
        Files.write(directory.resolve(name), input);
    }
}
