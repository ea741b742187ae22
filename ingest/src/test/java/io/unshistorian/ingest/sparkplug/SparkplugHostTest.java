package io.unshistorian.ingest.sparkplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.ingest.mqtt.MqttSettings;
import io.unshistorian.ingest.mqtt.Reason;
import io.unshistorian.embedded.Sample;
import io.unshistorian.testkit.Eventually;
import io.unshistorian.testkit.Mosquitto;

import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.message.model.Template;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Sparkplug host against a real Mosquitto and an edge node played by Eclipse Tahu: births,
 * aliases, templates, properties, sequence gaps and rebirth requests, deaths, bdSeq, historical data.
 */
class SparkplugHostTest {
    private static final long T0 = System.currentTimeMillis() - 3_600_000L;

    @TempDir
    Path directory;
    private Mosquitto broker;
    private Historian historian;
    private SparkplugSource source;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        broker = Mosquitto.start(directory.resolve("broker"));
        historian = Historian.open(directory.resolve("data"));
        MqttSettings connection = MqttSettings.plain(URI.create(broker.url()), "historian-test");
        source = SparkplugSource.start(historian, new SparkplugSource.Settings(connection, "hist1", List.of("+"),
            PathTemplate.DEFAULT, 300, 200, 1 << 20));
    }

    @AfterEach
    void stop() throws Exception {
        if (source != null) {
            source.close();
        }
        if (historian != null) {
            historian.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void recordsAnEdgeNodeThroughItsWholeLife() throws Exception {
        try (TahuEdgeNode edge = new TahuEdgeNode(broker.port(), "Plant1", "Line1", 0)) {
            String state = edge.hostStates.poll(10, TimeUnit.SECONDS);
            assertNotNull(state, "the host published no STATE");
            assertTrue(state.startsWith("spBv1.0/STATE/hist1 {\"online\":true,"), state);

            PropertySet units = new PropertySet.PropertySetBuilder()
                .addProperty("engUnit", new PropertyValue<>(PropertyDataType.String, "degC"))
                .addProperty("engHigh", new PropertyValue<>(PropertyDataType.Double, 150.0)).createPropertySet();
            Template motor = new Template.TemplateBuilder().templateRef("Motor").definition(false)
                .addMetric(metric("Speed", MetricDataType.Double, 1500.0))
                .addMetric(metric("Running", MetricDataType.Boolean, true)).createTemplate();
            edge.birth(T0, List.of(
                new Metric.MetricBuilder("Temperature", MetricDataType.Float, 21.5f).alias(1L).properties(units)
                    .createMetric(),
                new Metric.MetricBuilder("Counter", MetricDataType.UInt32, 4_000_000_000L).alias(2L).createMetric(),
                new Metric.MetricBuilder("Status", MetricDataType.String, "RUN").alias(3L).createMetric(),
                new Metric.MetricBuilder("Motor", MetricDataType.Template, motor).alias(4L).createMetric()));
            edge.send("DBIRTH", "Pump1", T0 + 10, List.of(
                new Metric.MetricBuilder("Pressure", MetricDataType.Double, 3.2).alias(10L).createMetric(),
                new Metric.MetricBuilder("Flow", MetricDataType.Int16, (short) -5).alias(11L).createMetric(),
                new Metric.MetricBuilder("Blob", MetricDataType.Bytes, new byte[] {1, 2}).alias(12L).createMetric()));
            edge.send("DDATA", "Pump1", T0 + 1000, List.of(aliased(10, MetricDataType.Double, 3.3),
                aliased(11, MetricDataType.Int16, (short) 7)));
            Template speedOnly = new Template.TemplateBuilder().templateRef("Motor")
                .addMetric(metric("Speed", MetricDataType.Double, 1600.0)).createTemplate();
            edge.send("NDATA", null, T0 + 2000, List.of(aliased(1, MetricDataType.Float, 22.0f),
                aliased(4, MetricDataType.Template, speedOnly)));

            String temperature = "Plant1/Line1/Temperature";
            Eventually.await(() -> values(temperature).size() == 2, "NDATA stored");
            assertEquals(List.of(21.5, 22.0), values(temperature).stream().map(Sample::doubleValue).toList());
            assertEquals(T0 * 1_000_000L, values(temperature).get(0).timestampNanos());
            // Metadata follows its batch's write: wait for it, not just for the values.
            Eventually.await(() -> historian.series(temperature).orElseThrow().metadata().unit().equals("degC"), "metadata");
            assertEquals(150.0, historian.series(temperature).orElseThrow().metadata().rangeHigh());
            assertEquals(4_000_000_000L, values("Plant1/Line1/Counter").get(0).longValue(), "UInt32 zero-extended");
            assertEquals("RUN", values("Plant1/Line1/Status").get(0).stringValue());
            assertEquals(List.of(1500.0, 1600.0), values("Plant1/Line1/Motor/Speed").stream()
                .map(Sample::doubleValue).toList());
            assertEquals(List.of(3.2, 3.3), values("Plant1/Line1/Pump1/Pressure").stream()
                .map(Sample::doubleValue).toList());
            assertEquals(List.of(-5L, 7L), values("Plant1/Line1/Pump1/Flow").stream().map(Sample::longValue).toList());
            assertTrue(historian.series("Plant1/Line1/Pump1/Blob").isEmpty());
            assertEquals(1, source.stats().rejected(Reason.UNSUPPORTED_DATATYPE));
            assertTrue(historian.series("Plant1/Line1/bdSeq").isEmpty(), "bdSeq is bookkeeping, not a value");

            // A lost message: the next one waits for the reorder timeout, is stored, and a rebirth is asked for.
            edge.skipSeq();
            edge.send("NDATA", null, T0 + 3000, List.of(aliased(1, MetricDataType.Float, 23.0f)));
            SparkplugBPayload command = edge.commands.poll(10, TimeUnit.SECONDS);
            assertNotNull(command, "no rebirth request after a sequence gap");
            assertEquals("Node Control/Rebirth", command.getMetrics().get(0).getName());
            assertEquals(Boolean.TRUE, command.getMetrics().get(0).getValue());
            Eventually.await(() -> values(temperature).size() == 3, "the message after the gap stored");
            assertEquals(1, source.stats().rejected(Reason.SEQUENCE_GAP));

            // Early messages are put back in order.
            edge.skipSeq();
            edge.send("NDATA", null, T0 + 5000, List.of(aliased(1, MetricDataType.Float, 25.0f)));
            edge.sendWithSeq("NDATA", null, T0 + 4000, List.of(aliased(1, MetricDataType.Float, 24.0f)), 6);
            Eventually.await(() -> values(temperature).size() == 5, "reordered messages stored");
            assertEquals(1, source.stats().rejected(Reason.SEQUENCE_GAP), "a reordered pair is no gap");

            // An alias the birth did not define.
            edge.send("NDATA", null, T0 + 6000, List.of(aliased(99, MetricDataType.Float, 1.0f)));
            Eventually.await(() -> source.stats().rejected(Reason.UNKNOWN_METRIC) == 1, "unknown alias counted");

            // Historical data is stored where it belongs.
            edge.send("NDATA", null, T0 + 7000, List.of(new Metric.MetricBuilder(1L, MetricDataType.Float, 20.0f)
                .timestamp(new java.util.Date(T0 - 3_600_000)).isHistorical(true).createMetric()));
            Eventually.await(() -> values(temperature).size() == 6, "historical value stored");
            assertEquals((T0 - 3_600_000) * 1_000_000L, values(temperature).get(0).timestampNanos());

            // A device death: its metrics go stale at the death time, with their last values.
            edge.send("DDEATH", "Pump1", T0 + 8000, List.of());
            Eventually.await(() -> values("Plant1/Line1/Pump1/Pressure").size() == 3, "device stale mark");
            Sample stale = last(values("Plant1/Line1/Pump1/Pressure"));
            assertEquals(3.3, stale.doubleValue());
            assertEquals(MetricValues.STALE, stale.quality());
            assertEquals((T0 + 8000) * 1_000_000L, stale.timestampNanos());
            assertTrue(last(values(temperature)).isGood(), "the node lives on");

            // A will of an older session is ignored; the session's own death marks the node stale.
            edge.deathWithBdSeq(7);
            Eventually.await(() -> source.stats().rejected(Reason.STALE_DEATH) == 1, "old death ignored");
            assertTrue(last(values(temperature)).isGood());
            edge.death();
            Eventually.await(() -> !last(values(temperature)).isGood(), "node stale mark");
            assertEquals(25.0, last(values(temperature)).doubleValue());
            assertEquals(MetricValues.STALE, last(values("Plant1/Line1/Motor/Speed")).quality());
            assertEquals(0, source.nodesOnline());

            // Data after death asks for a rebirth; a new session (bdSeq + 1) is recorded again.
            edge.commands.clear();
            Thread.sleep(250);   // past the rebirth interval
            edge.send("NDATA", null, T0 + 9000, List.of(aliased(1, MetricDataType.Float, 30.0f)));
            assertNotNull(edge.commands.poll(10, TimeUnit.SECONDS), "no rebirth request for data before birth");
            edge.nextSession();
            edge.birth(T0 + 10_000, List.of(new Metric.MetricBuilder("Temperature", MetricDataType.Float, 26.0f)
                .alias(1L).createMetric()));
            edge.send("NDATA", null, T0 + 11_000, List.of(aliased(1, MetricDataType.Float, 27.0f)));
            Eventually.await(() -> values(temperature).stream().anyMatch(sample -> sample.doubleValue() == 27.0
                && sample.timestampNanos() == (T0 + 11_000) * 1_000_000L && sample.isGood()), "new session stored");
            assertEquals(1, source.nodesOnline());
            assertEquals(2, source.deaths());
        }
    }

    @Test
    void aLostBrokerConnectionMarksEveryNodeStaleUntilItIsBornAgain() throws Exception {
        try (TahuEdgeNode edge = new TahuEdgeNode(broker.port(), "G", "N", 0)) {
            edge.birth(T0, List.of(new Metric.MetricBuilder("Level", MetricDataType.Double, 1.5).alias(1L)
                .createMetric()));
            Eventually.await(() -> values("G/N/Level").size() == 1, "birth stored");
            assertEquals(1, source.nodesOnline());
        }
        broker.stop();
        Eventually.await(() -> values("G/N/Level").size() == 2, "stale mark after the connection was lost");
        Sample stale = last(values("G/N/Level"));
        assertEquals(1.5, stale.doubleValue());
        assertEquals(MetricValues.STALE, stale.quality());
        assertEquals(0, source.nodesOnline());
        broker.start();
        try (TahuEdgeNode edge = new TahuEdgeNode(broker.port(), "G", "N", 1)) {
            // The host is back online (its retained STATE says so), and records the node's new birth.
            String state = null;
            for (String next = edge.hostStates.poll(15, TimeUnit.SECONDS); next != null;
                 next = edge.hostStates.poll(1, TimeUnit.SECONDS)) {
                state = next;
            }
            assertTrue(state != null && state.contains("\"online\":true"), "host STATE after reconnect: " + state);
            edge.birth(T0 + 10, List.of(new Metric.MetricBuilder("Level", MetricDataType.Double, 2.5).alias(1L)
                .createMetric()));
            Eventually.await(() -> source.nodesOnline() == 1, "node born again");
        }
    }

    @Test
    void badPayloadsAreCountedAndTheStreamGoesOn() throws Exception {
        try (TahuEdgeNode edge = new TahuEdgeNode(broker.port(), "G", "N", 0)) {
            edge.publishRaw("spBv1.0/G/NDATA/N", new byte[] {(byte) 0xFF, 0x01, 0x02});
            edge.publishRaw("spBv1.0/G/NDATA/N", new byte[0]);
            edge.publishRaw("spBv1.0/G/NOPE/N", new byte[] {8, 1});
            edge.publishRaw("spBv1.0/G/NDATA/N", new byte[2 << 20]);
            edge.birth(T0, List.of(new Metric.MetricBuilder("Level", MetricDataType.Int32, 5).alias(1L).createMetric(),
                new Metric.MetricBuilder("Bad+Name", MetricDataType.Int32, 5).createMetric()));
            edge.send("NDATA", null, T0 + 1, List.of(aliased(1, MetricDataType.Double, 6.5)));
            edge.send("NDATA", null, T0 + 2, List.of(aliased(1, MetricDataType.Int32, 7)));
            Eventually.await(() -> values("G/N/Level").size() == 2, "good data after bad");
            assertEquals(2, source.stats().rejected(Reason.MALFORMED), "garbage, and a Double value of an Int32");
            assertEquals(1, source.stats().rejected(Reason.EMPTY_PAYLOAD));
            assertEquals(1, source.stats().rejected(Reason.OVERSIZE));
            assertEquals(2, source.stats().rejected(Reason.UNMAPPABLE_TOPIC), "unknown type and a '+' in a name");
            assertEquals(List.of(5L, 7L), values("G/N/Level").stream().map(Sample::longValue).toList());
        }
    }

    private static Metric metric(String name, MetricDataType type, Object value) throws Exception {
        return new Metric.MetricBuilder(name, type, value).createMetric();
    }

    private static Metric aliased(long alias, MetricDataType type, Object value) throws Exception {
        return new Metric.MetricBuilder(alias, type, value).createMetric();
    }

    private List<Sample> values(String path) {
        return historian.readRaw(path, 0, Long.MAX_VALUE);
    }

    private static Sample last(List<Sample> samples) {
        return samples.get(samples.size() - 1);
    }

}
