package io.unshistorian.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.unshistorian.ingest.sparkplug.SparkplugSource;

import org.junit.jupiter.api.Test;

/** Topic mapping rules and payload decoding, without a broker. */
class TopicsAndPayloadsTest {
    /** Records what a decoder found, as text. */
    private static final class Recorder implements ValueSink {
        final List<String> samples = new ArrayList<>();

        @Override
        public void number(String path, long t, double value, int quality) {
            samples.add(path + "@" + t + "=" + value + "/" + Integer.toHexString(quality));
        }

        @Override
        public void integer(String path, long t, long value, int quality) {
            samples.add(path + "@" + t + "=" + value + "L/" + Integer.toHexString(quality));
        }

        @Override
        public void bool(String path, long t, boolean value, int quality) {
            samples.add(path + "@" + t + "=" + value + "/" + Integer.toHexString(quality));
        }

        @Override
        public void text(String path, long t, String value, int quality) {
            samples.add(path + "@" + t + "='" + value + "'/" + Integer.toHexString(quality));
        }
    }

    @Test
    void mapsTopicsByIgnoreFiltersThenRulesThenIdentity() throws Exception {
        TopicMapping mapping = new TopicMapping(List.of("$SYS/#", "acme/+/debug/#"),
            List.of("legacy/plant1/#=acme/dallas/{#}", "+/+/raw/#=acme/{2}/{#}", "whole/+={topic}/x"));
        assertEquals("acme/dallas/line2/flow", mapping.pathOf("legacy/plant1/line2/flow"));
        assertEquals("acme/berlin/press/t", mapping.pathOf("x/berlin/raw/press/t"));
        assertEquals("whole/a/x", mapping.pathOf("whole/a"));
        assertEquals("acme/a/b", mapping.pathOf("acme/a/b"));
        assertNull(mapping.pathOf("$SYS/broker/uptime"));
        assertNull(mapping.pathOf("acme/dallas/debug/x/y"));
        assertThrows(IllegalArgumentException.class, () -> new TopicMapping(List.of(), List.of("no-equals")));
        assertThrows(IllegalArgumentException.class, () -> new TopicMapping(List.of("a/#/b"), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TopicMapping(List.of(), List.of("a/+={2}")));
    }

    @Test
    void decodesTheCommonJsonShapes() throws Exception {
        JsonPayload json = new JsonPayload(JsonFields.DEFAULT);
        Recorder sink = new Recorder();
        json.decode("p", bytes("21.5"), 7, sink);
        json.decode("p", bytes("{\"value\": true, \"timestamp\": 1767225600, \"quality\": \"uncertain\"}"), 7, sink);
        json.decode("p", bytes("[{\"value\": \"on\", \"timestamp\": \"2026-01-01T00:00:00.5Z\"}, {\"value\": 3}]"), 7,
            sink);
        json.decode("p", bytes("{\"timestamp\": 1767225600000000000, \"a\": 1.5, \"b\": {\"c\": -2}}"), 7, sink);
        assertEquals(List.of(
            "p@7=21.5/0",
            "p@1767225600000000000=true/40000000",
            "p@1767225600500000000='on'/0",
            "p@7=3L/0",
            "p/a@1767225600000000000=1.5/0",
            "p/b/c@1767225600000000000=-2L/0"), sink.samples);
        for (String bad : List.of("{\"value\": ", "{\"value\": 1, \"timestamp\": \"yesterday\"}", "[[[]]]",
            "{\"value\": 1, \"quality\": \"excellent\"}", "{\"value\": {\"nested\": true}}")) {
            assertThrows(BadMessageException.class, () -> json.decode("p", bytes(bad), 7, new Recorder()), bad);
        }
    }

    @Test
    void decodesPlainText() throws Exception {
        PlainPayload plain = new PlainPayload();
        Recorder sink = new Recorder();
        for (String text : List.of("42", " -1.5e3 ", "NaN", "TRUE", "RUNNING")) {
            plain.decode("p", bytes(text), 1, sink);
        }
        assertEquals(List.of("p@1=42.0/0", "p@1=-1500.0/0", "p@1=NaN/0", "p@1=true/0", "p@1='RUNNING'/0"),
            sink.samples);
        assertThrows(BadMessageException.class, () -> plain.decode("p", new byte[] {(byte) 0xC3, 0x28}, 1, sink));
    }

    @Test
    void theConfigurationInTheDocsIsValid() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "mqtt.md"), StandardCharsets.UTF_8);
        int start = doc.indexOf("```properties\n") + "```properties\n".length();
        Properties properties = new Properties();
        try (Reader in = new java.io.StringReader(doc.substring(start, doc.indexOf("```", start)))) {
            properties.load(in);
        }
        MqttSource.Settings plain = MqttSource.Settings.from(properties, "fallback");
        assertEquals(2, plain.connection().brokers().size());
        assertEquals(List.of("acme/#", "legacy/#"), plain.subscriptions());
        assertEquals(2, plain.rewrite().size());
        new TopicMapping(plain.ignore(), plain.rewrite());
        SparkplugSource.Settings sparkplug = SparkplugSource.Settings.from(properties, "fallback");
        assertEquals("historian1", sparkplug.hostId());
        assertEquals("historian-dallas-sparkplug", sparkplug.connection().clientId());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
