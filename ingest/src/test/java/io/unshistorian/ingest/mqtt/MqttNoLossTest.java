package io.unshistorian.ingest.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.Sample;
import io.unshistorian.testkit.ChildJvm;
import io.unshistorian.testkit.Mosquitto;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing the broker acknowledged to a publisher is lost: a QoS 1 stream into a historian in a
 * child JVM that is {@code kill -9}'d and restarted mid-stream, and a broker restarted mid-stream.
 * In the end every acknowledged message is stored once, with its value, and nothing else is.
 */
class MqttNoLossTest {
    private static final long T = 1_767_225_600_000L;
    private static final int MESSAGES = Integer.getInteger("uns.mqtt.loss.messages", 20_000);
    private static final int SERIES = 8;

    @TempDir
    Path directory;

    @Test
    void survivesKillOfTheHistorianAndARestartOfTheBroker() throws Exception {
        assumeTrue(Mosquitto.installed(), "mosquitto is not installed (apt-get install mosquitto mosquitto-clients)");
        Path data = directory.resolve("data");
        BitSet acknowledged = new BitSet(MESSAGES);
        try (Mosquitto broker = Mosquitto.start(directory.resolve("broker"))) {
            Recorder recorder = Recorder.start(data, broker.url());
            try {
                Mqtt5BlockingClient publisher = Mqtt5Client.builder().identifier("publisher").serverHost("127.0.0.1")
                    .serverPort(broker.port()).automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS)
                    .maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect().buildBlocking();
                publisher.connect();
                for (int i = 0; i < MESSAGES; i++) {
                    if (i == MESSAGES / 3) {
                        recorder.kill();
                        recorder = Recorder.start(data, broker.url());
                    }
                    if (i == 2 * MESSAGES / 3) {
                        broker.stop();
                        broker.start();
                    }
                    publishUntilAcknowledged(publisher, i);
                    acknowledged.set(i);
                }
                publisher.disconnect();
                recorder.awaitQuiet();
                recorder.stop();
            } finally {
                recorder.kill();   // never leave a child behind a failed assertion
            }
        }
        try (Historian historian = Historian.open(data)) {
            BitSet stored = new BitSet(MESSAGES);
            for (int s = 0; s < SERIES; s++) {
                for (Sample sample : historian.readRaw("loss/s" + s, 0, Long.MAX_VALUE)) {
                    int i = (int) (sample.timestampNanos() / 1_000_000L - T);
                    assertTrue(i >= 0 && i < MESSAGES && i % SERIES == s, "a sample nobody published: " + sample);
                    assertEquals(i, sample.doubleValue(), "value of message " + i);
                    assertTrue(!stored.get(i), "message " + i + " stored twice");
                    stored.set(i);
                }
            }
            BitSet missing = (BitSet) acknowledged.clone();
            missing.andNot(stored);
            assertEquals("{}", missing.toString(), missing.cardinality() + " acknowledged messages lost");
            assertEquals(MESSAGES, acknowledged.cardinality());
        }
    }

    private static void publishUntilAcknowledged(Mqtt5BlockingClient publisher, int i) throws InterruptedException {
        byte[] payload = ("{\"value\":" + i + ",\"timestamp\":" + (T + i) + "}").getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                publisher.publishWith().topic("loss/s" + (i % SERIES)).qos(MqttQos.AT_LEAST_ONCE).payload(payload)
                    .send();
                return;
            } catch (RuntimeException brokerAway) {
                Thread.sleep(100);
            }
        }
    }

    /** The historian in a child JVM. */
    private static final class Recorder {
        private final Process process;
        private final BufferedReader output;
        private final AtomicLong lastReport = new AtomicLong();
        private volatile String lastLine = "";

        private Recorder(Process process) {
            this.process = process;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static Recorder start(Path data, String broker) throws Exception {
            Process process = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), MqttRecorderMain.class,
                data.toString(), broker)).redirectErrorStream(true).start();
            Recorder recorder = new Recorder(process);
            String line;
            while ((line = recorder.output.readLine()) != null && !line.equals("READY")) {
                // startup log lines
            }
            assertEquals("READY", line, "the recorder did not start");
            Thread reader = new Thread(() -> {
                try {
                    String next;
                    while ((next = recorder.output.readLine()) != null) {
                        if (next.startsWith("received ") && !next.equals(recorder.lastLine)) {
                            recorder.lastLine = next;
                            recorder.lastReport.set(System.nanoTime());
                        }
                    }
                } catch (Exception closed) {
                    // the child is gone
                }
            });
            reader.setDaemon(true);
            reader.start();
            return recorder;
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        /** Waits until the recorder has taken nothing new for 3 s. */
        void awaitQuiet() throws InterruptedException {
            lastReport.set(System.nanoTime());
            while (System.nanoTime() - lastReport.get() < TimeUnit.SECONDS.toNanos(3)) {
                Thread.sleep(100);
            }
        }

        void stop() throws Exception {
            Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            in.write("stop\n");
            in.flush();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the recorder did not stop");
        }
    }
}
