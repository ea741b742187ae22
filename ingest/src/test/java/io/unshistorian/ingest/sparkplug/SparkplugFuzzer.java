package io.unshistorian.ingest.sparkplug;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.ingest.FuzzSampleSink;
import io.unshistorian.ingest.mqtt.BadMessageException;
import io.unshistorian.ingest.mqtt.InboundMessage;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): a conversation of Sparkplug B messages — any payload bytes on the
 * topics of one edge node and its devices — through the real host application
 * ({@link SparkplugHost}: protobuf decoding, births, aliases, templates, properties, sequence
 * reordering and gaps, deaths, stale marks, rebirth requests). Every message gives samples of
 * their series' type, per-metric rejections, or a {@link BadMessageException} with its reason;
 * nothing else escapes (no exception out of a malformed or hostile payload, no unbounded state).
 *
 * <p>Input: a byte choosing the path template, then messages, each a topic byte (which of
 * {@link #TOPICS}; the last two values are a timer tick past every reorder deadline and a lost
 * broker connection), a little-endian u16 length and that many payload bytes.
 */
class SparkplugFuzzer {
    static final List<String> TOPICS = List.of("spBv1.0/Plant1/NBIRTH/Line1", "spBv1.0/Plant1/NDATA/Line1",
        "spBv1.0/Plant1/NDEATH/Line1", "spBv1.0/Plant1/DBIRTH/Line1/Pump1", "spBv1.0/Plant1/DDATA/Line1/Pump1",
        "spBv1.0/Plant1/DDEATH/Line1/Pump1", "spBv1.0/Plant1/DBIRTH/Line1/Pump2", "spBv1.0/Plant1/DDATA/Line1/Pump2",
        "spBv1.0/Plant1/NCMD/Line1", "spBv1.0/STATE/hist1", "spBv1.0/Plant2/NDATA/Line9", "not/sparkplug");
    static final int TICK = TOPICS.size();
    static final int CONNECTION_LOST = TOPICS.size() + 1;
    private static final List<String> TEMPLATES = List.of(PathTemplate.DEFAULT, "acme/{group}/{node}/{metric}",
        "{metric}");
    private static final int MAX_MESSAGES = 64;

    private final FuzzSampleSink sink = new FuzzSampleSink();

    @BeforeAll
    static void corpus() throws IOException {
        FuzzCorpus.perTarget(SparkplugFuzzer.class);
    }

    @FuzzTest(maxDuration = "10s")
    void conversation(byte[] input) {
        if (input.length < 1) {
            return;
        }
        long[] commands = {0};
        SparkplugHost host = new SparkplugHost(new PathTemplate(TEMPLATES.get((input[0] & 0xFF) % TEMPLATES.size())),
            1_000_000_000L, 0, 1 << 16, (topic, payload) -> commands[0]++);
        sink.clear();
        int at = 1;
        long arrival = System.nanoTime();
        for (int messages = 0; at < input.length && messages < MAX_MESSAGES; messages++) {
            int which = (input[at++] & 0xFF) % (TOPICS.size() + 2);
            int length = at + 2 <= input.length ? (input[at] & 0xFF) | (input[at + 1] & 0xFF) << 8 : 0;
            at = Math.min(at + 2, input.length);
            length = Math.min(length, input.length - at);
            byte[] payload = Arrays.copyOfRange(input, at, at + length);
            at += length;
            arrival += 1_000_000L;
            if (which == TICK) {
                host.tick(arrival + 10_000_000_000L, sink);
            } else if (which == CONNECTION_LOST) {
                host.connectionLost(System.currentTimeMillis(), sink);
            } else {
                try {
                    host.handle(new InboundMessage(TOPICS.get(which), payload, arrival, 1, () -> {
                    }), sink);
                } catch (BadMessageException refused) {
                    assertTrue(refused.reason() != null, refused.getMessage());
                }
            }
            assertTrue(host.nodesOnline() >= 0 && host.nodesOnline() <= 2, "nodes online " + host.nodesOnline());
        }
    }
}
