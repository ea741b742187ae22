package io.unshistorian.benchmarks.mqtt;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.unshistorian.embedded.Historian;
import io.unshistorian.ingest.mqtt.IngestStats;
import io.unshistorian.ingest.mqtt.JsonFields;
import io.unshistorian.ingest.mqtt.MqttSettings;
import io.unshistorian.ingest.mqtt.MqttSource;
import io.unshistorian.ingest.mqtt.PayloadFormat;
import io.unshistorian.ingest.sparkplug.SparkplugSource;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.DataType;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload.Metric;
import io.unshistorian.testkit.Mosquitto;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;

/**
 * End to end MQTT ingest: a publisher → a real Mosquitto → UNS Historian (MQTT source or Sparkplug
 * host, samples into the WAL) against a do-nothing subscriber that only counts, on the same broker
 * and workload, in alternating rounds of one run. Workloads: Sparkplug B DDATA of 100 metrics
 * (QoS 0, as Sparkplug publishes data), and plain topic-per-tag numbers (QoS 1 end to end, the
 * historian acknowledging each message once it is in the WAL). Rate = items the consumer got /
 * time from the first publish to the last item consumed; prints each round, medians and ratios.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.mqtt.MqttIngestHarness
 *      [--rounds 3] [--sparkplug-messages 20000] [--plain-messages 200000] [--dir /tmp/uns-mqtt-bench]</pre>
 */
public final class MqttIngestHarness {
    private static final int METRICS = 100;
    private static final int PLAIN_TAGS = 1000;

    private MqttIngestHarness() {
    }

    /** What a consumer got and when it got the last of it. */
    private record Result(long items, double seconds) {
        double rate() {
            return items / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = intArg(args, "--rounds", 3);
        int sparkplugMessages = intArg(args, "--sparkplug-messages", 20_000);
        int plainMessages = intArg(args, "--plain-messages", 200_000);
        Path dir = Path.of(stringArg(args, "--dir", "/tmp/uns-mqtt-bench"));
        delete(dir);
        Files.createDirectories(dir);
        List<Double> spBaseline = new ArrayList<>();
        List<Double> spHistorian = new ArrayList<>();
        List<Double> plainBaseline = new ArrayList<>();
        List<Double> plainHistorian = new ArrayList<>();
        long spExpected = (long) sparkplugMessages * METRICS;
        try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"))) {
            System.out.printf("Mosquitto on %s; Sparkplug: %d DDATA x %d metrics (QoS 0); plain: %d messages over %d "
                + "topics (QoS 1)%n", broker.url(), sparkplugMessages, METRICS, plainMessages, PLAIN_TAGS);
            for (int round = 1; round <= rounds; round++) {
                Result base = sparkplugBaseline(broker, sparkplugMessages);
                Result ours = sparkplugHistorian(broker, dir.resolve("sp-" + round), sparkplugMessages);
                spBaseline.add(base.rate());
                spHistorian.add(ours.rate());
                System.out.printf("round %d Sparkplug: do-nothing %,d metrics in %.2f s = %,.0f/s; historian %,d of %,d "
                    + "stored in %.2f s = %,.0f/s (%.2fx)%n", round, base.items(), base.seconds(), base.rate(),
                    ours.items(), spExpected, ours.seconds(), ours.rate(), ours.rate() / base.rate());
                Result plainBase = plainBaseline(broker, plainMessages);
                Result plainOurs = plainHistorian(broker, dir.resolve("plain-" + round), plainMessages);
                plainBaseline.add(plainBase.rate());
                plainHistorian.add(plainOurs.rate());
                System.out.printf("round %d plain:     do-nothing %,d messages in %.2f s = %,.0f/s; historian %,d of %,d "
                    + "stored in %.2f s = %,.0f/s (%.2fx)%n", round, plainBase.items(), plainBase.seconds(),
                    plainBase.rate(), plainOurs.items(), plainMessages, plainOurs.seconds(), plainOurs.rate(),
                    plainOurs.rate() / plainBase.rate());
            }
        }
        System.out.printf("MEDIAN Sparkplug metrics/s: do-nothing %,.0f, historian %,.0f, ratio %.2f%n",
            median(spBaseline), median(spHistorian), median(spHistorian) / median(spBaseline));
        System.out.printf("MEDIAN plain messages/s:    do-nothing %,.0f, historian %,.0f, ratio %.2f%n",
            median(plainBaseline), median(plainHistorian), median(plainHistorian) / median(plainBaseline));
        delete(dir);
    }

    // ---- Sparkplug

    private static Result sparkplugBaseline(Mosquitto broker, int messages) throws Exception {
        LongAdder metrics = new LongAdder();
        Mqtt5AsyncClient subscriber = client(broker, "bench-sp-counter");
        subscriber.connect().get();
        subscriber.subscribeWith().topicFilter("spBv1.0/#").qos(MqttQos.AT_MOST_ONCE)
            .callback(publish -> {
                if (publish.getTopic().toString().contains("/DDATA/")) {
                    metrics.add(METRICS);
                }
            }).send().get();
        Result result = run(() -> publishSparkplug(broker, messages), metrics::sum, (long) messages * METRICS);
        subscriber.disconnect().get();
        return result;
    }

    private static Result sparkplugHistorian(Mosquitto broker, Path data, int messages) throws Exception {
        try (Historian historian = Historian.open(data)) {
            SparkplugSource source = SparkplugSource.start(historian, SparkplugSource.Settings.of(
                MqttSettings.plain(URI.create(broker.url()), "bench-sp-historian-" + System.nanoTime()), null));
            Thread.sleep(800);   // connected and subscribed
            IngestStats stats = source.stats();
            long birthSamples = METRICS;   // the DBIRTH's values
            Result result = run(() -> publishSparkplug(broker, messages),
                () -> Math.max(0, stats.storedSamples() - birthSamples), (long) messages * METRICS);
            source.close();
            return result;
        }
    }

    /** An edge node: NBIRTH, DBIRTH of 100 Double metrics with aliases, then DDATA of all 100 by alias. */
    private static void publishSparkplug(Mosquitto broker, int messages) throws Exception {
        Mqtt5AsyncClient publisher = client(broker, "bench-sp-edge");
        publisher.connect().get();
        long now = System.currentTimeMillis();
        Payload.Builder nbirth = Payload.newBuilder().setTimestamp(now).setSeq(0)
            .addMetrics(Metric.newBuilder().setName("bdSeq").setDatatype(DataType.Int64_VALUE).setLongValue(0));
        publisher.publishWith().topic("spBv1.0/Bench/NBIRTH/Edge1").payload(nbirth.build().toByteArray())
            .qos(MqttQos.AT_LEAST_ONCE).send().get();
        Payload.Builder dbirth = Payload.newBuilder().setTimestamp(now).setSeq(1);
        for (int m = 0; m < METRICS; m++) {
            dbirth.addMetrics(Metric.newBuilder().setName("Area/Tag" + m).setAlias(m).setDatatype(DataType.Double_VALUE)
                .setDoubleValue(0));
        }
        publisher.publishWith().topic("spBv1.0/Bench/DBIRTH/Edge1/Device1").payload(dbirth.build().toByteArray())
            .qos(MqttQos.AT_LEAST_ONCE).send().get();
        CompletableFuture<?> last = null;
        for (int i = 0; i < messages; i++) {
            Payload.Builder data = Payload.newBuilder().setTimestamp(now + 1 + i).setSeq((2 + i) & 0xFF);
            for (int m = 0; m < METRICS; m++) {
                data.addMetrics(Metric.newBuilder().setAlias(m).setDatatype(DataType.Double_VALUE)
                    .setDoubleValue(20 + m + Math.sin(i * 0.01 + m)));
            }
            last = publisher.publishWith().topic("spBv1.0/Bench/DDATA/Edge1/Device1").payload(data.build().toByteArray())
                .qos(MqttQos.AT_MOST_ONCE).send();
        }
        last.get();
        publisher.disconnect().get();
    }

    // ---- plain topics

    private static Result plainBaseline(Mosquitto broker, int messages) throws Exception {
        LongAdder received = new LongAdder();
        Mqtt5AsyncClient subscriber = client(broker, "bench-plain-counter");
        subscriber.connect().get();
        subscriber.subscribeWith().topicFilter("bench/#").qos(MqttQos.AT_LEAST_ONCE)
            .callback(publish -> received.increment()).send().get();
        Result result = run(() -> publishPlain(broker, messages), received::sum, messages);
        subscriber.disconnect().get();
        return result;
    }

    private static Result plainHistorian(Mosquitto broker, Path data, int messages) throws Exception {
        try (Historian historian = Historian.open(data)) {
            // A persistent session as in production, but one that ends when this round's historian
            // closes: a session left behind would queue every later round's messages in the broker.
            MqttSource.Settings defaults = MqttSource.Settings.of(
                MqttSettings.plain(URI.create(broker.url()), "bench-plain-historian-" + System.nanoTime()), "bench/#");
            MqttSource source = MqttSource.start(historian, new MqttSource.Settings(defaults.connection(),
                defaults.subscriptions(), 1, 0, List.of(), List.of(), PayloadFormat.AUTO, JsonFields.DEFAULT, false,
                defaults.maxPayloadBytes()));
            Thread.sleep(800);   // connected and subscribed
            IngestStats stats = source.stats();
            Result result = run(() -> publishPlain(broker, messages), stats::storedSamples, messages);
            source.close();
            return result;
        }
    }

    /** Topic-per-tag numbers at QoS 1, pipelined (each publish completes on its PUBACK). */
    private static void publishPlain(Mosquitto broker, int messages) throws Exception {
        Mqtt5AsyncClient publisher = client(broker, "bench-plain-publisher");
        publisher.connect().get();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            int tag = i % PLAIN_TAGS;
            byte[] payload = Double.toString(20 + Math.sin(i * 0.001)).getBytes(StandardCharsets.US_ASCII);
            pending.add(publisher.publishWith().topic("bench/line" + (tag / 100) + "/tag" + tag).payload(payload)
                .qos(MqttQos.AT_LEAST_ONCE).send());
            if (pending.size() == 10_000) {
                CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).get();
        publisher.disconnect().get();
    }

    // ---- measuring

    private interface Publisher {
        void publish() throws Exception;
    }

    /**
     * Publishes, and samples the consumer's count every 2 ms until it reaches {@code expected} or
     * has not moved for 3 s; the time is that of the last change.
     */
    private static Result run(Publisher publisher, LongSupplier consumed, long expected) throws Exception {
        long base = consumed.getAsLong();
        long start = System.nanoTime();
        Thread thread = new Thread(() -> {
            try {
                publisher.publish();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "bench-publisher");
        thread.start();
        long last = base;
        long lastChange = start;
        while (true) {
            long now = System.nanoTime();
            long count = consumed.getAsLong();
            if (count != last) {
                last = count;
                lastChange = now;
            }
            if (last - base >= expected || now - lastChange > TimeUnit.SECONDS.toNanos(3) && !thread.isAlive()) {
                break;
            }
            Thread.sleep(2);
        }
        thread.join();
        return new Result(last - base, (lastChange - start) / 1e9);
    }

    private static Mqtt5AsyncClient client(Mosquitto broker, String id) {
        return Mqtt5Client.builder().identifier(id + "-" + System.nanoTime()).serverHost("127.0.0.1")
            .serverPort(broker.port()).buildAsync();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static int intArg(String[] args, String name, int otherwise) {
        String value = stringArg(args, name, null);
        return value == null ? otherwise : Integer.parseInt(value);
    }

    private static String stringArg(String[] args, String name, String otherwise) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }

    private static void delete(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
