package io.unshistorian.ingest.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.ingest.FuzzSampleSink;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): an MQTT message of a plain UNS topic — any topic, any payload —
 * through the real handler ({@link PlainTopics}: topic mapping with ignore and rewrite rules, the
 * size check, {@link PlainPayload} or, in auto mode, JSON when the payload looks like it, and
 * {@link CoercingSink} against the series' stored type). Any message gives samples of the right
 * type or a {@link BadMessageException} with its {@link Reason}; nothing else escapes.
 *
 * <p>Input: a flag byte (bit 0: the plain format with integers as LONG series rather than the auto
 * format; bits 4-6: the type the mapped path already has, if any), a topic length byte, the topic
 * (UTF-8; malformed bytes become U+FFFD), then the payload.
 */
class PlainPayloadFuzzer {
    private static final TopicMapping MAPPING = new TopicMapping(List.of("$SYS/#", "acme/+/debug/#"),
        List.of("legacy/plant1/#=acme/dallas/{#}", "+/+/raw/#=acme/{2}/{#}", "whole/+={topic}/x"));

    private final PlainTopics auto = new PlainTopics(MAPPING, PayloadFormat.AUTO, JsonFields.DEFAULT, 1 << 16, false);
    private final PlainTopics plain = new PlainTopics(MAPPING, PayloadFormat.PLAIN, JsonFields.DEFAULT, 1 << 16, true);
    private final FuzzSampleSink sink = new FuzzSampleSink();

    @BeforeAll
    static void corpus() throws IOException {
        FuzzCorpus.perTarget(PlainPayloadFuzzer.class);
    }

    @FuzzTest(maxDuration = "10s")
    void handle(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int flags = input[0];
        int topicLength = Math.min(input[1] & 0xFF, input.length - 2);
        String topic = new String(input, 2, topicLength, StandardCharsets.UTF_8);
        byte[] payload = Arrays.copyOfRange(input, 2 + topicLength, input.length);
        sink.clear();
        PlainTopics handler = (flags & 1) != 0 ? plain : auto;
        try {
            int stored = (flags >>> 4) & 7;
            String path = MAPPING.pathOf(topic);
            if (path != null && stored < ValueType.values().length) {
                sink.stored(path, ValueType.values()[stored]);
            }
            handler.handle(new InboundMessage(topic, payload, System.nanoTime(), 1, () -> {
            }), sink);
        } catch (BadMessageException refused) {
            if (refused.reason() == null) {
                throw new AssertionError("a refusal without a reason: " + refused.getMessage());
            }
        }
    }
}
