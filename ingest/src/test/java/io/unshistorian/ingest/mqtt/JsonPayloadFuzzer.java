package io.unshistorian.ingest.mqtt;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.ingest.FuzzSampleSink;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): a JSON payload — any bytes — through the real handler of a plain
 * topic configured for JSON ({@link PlainTopics} → {@link JsonPayload} → {@link CoercingSink}),
 * under each way the JSON fields can be configured (names, timestamp unit, OPC DA qualities). Any
 * payload gives samples of the right type, or a {@link BadMessageException} with its
 * {@link Reason}; nothing else escapes (no number or nesting that Jackson's limits or ours let
 * through to an exception, no timestamp that overflows).
 *
 * <p>Input: a flag byte (bits 0-2: the field settings; bit 3: integers make LONG series; bits 4-6:
 * the type the topic's path already has, if any), then the payload.
 */
class JsonPayloadFuzzer {
    private static final String TOPIC = "acme/dallas/line1/press";
    private static final List<JsonFields> SETTINGS = List.of(JsonFields.DEFAULT,
        new JsonFields("v", "ts", "q", "ms", true),
        new JsonFields("value", "timestamp", "quality", "s", false),
        new JsonFields("val", "time", "status", "us", false),
        new JsonFields("value", "timestamp", "quality", "ns", true),
        new JsonFields("value", "value", "value", "auto", false));

    private final PlainTopics[] handlers = new PlainTopics[SETTINGS.size() * 2];
    private final FuzzSampleSink sink = new FuzzSampleSink();

    JsonPayloadFuzzer() {
        TopicMapping mapping = new TopicMapping(List.of(), List.of());
        for (int i = 0; i < handlers.length; i++) {
            handlers[i] = new PlainTopics(mapping, PayloadFormat.JSON, SETTINGS.get(i / 2), 1 << 16, i % 2 == 1);
        }
    }

    @BeforeAll
    static void corpus() throws IOException {
        FuzzCorpus.perTarget(JsonPayloadFuzzer.class);
    }

    @FuzzTest(maxDuration = "10s")
    void handle(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int flags = input[0];
        PlainTopics handler = handlers[((flags & 7) % SETTINGS.size()) * 2 + ((flags >>> 3) & 1)];
        sink.clear();
        int stored = (flags >>> 4) & 7;
        if (stored < ValueType.values().length) {
            sink.stored(TOPIC, ValueType.values()[stored]);
        }
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        try {
            handler.handle(new InboundMessage(TOPIC, payload, System.nanoTime(), 1, () -> {
            }), sink);
        } catch (BadMessageException refused) {
            if (refused.reason() == null) {
                throw new AssertionError("a refusal without a reason: " + refused.getMessage());
            }
        }
    }
}
