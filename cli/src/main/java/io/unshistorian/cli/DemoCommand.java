package io.unshistorian.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.export.HistorianFlightServer;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRow;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.ingest.simulation.MqttPlantPublisher;
import io.unshistorian.ingest.simulation.SimulatedPlant;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.http.HistorianHttpServer;
import io.unshistorian.server.http.HttpRoutes;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.StorageOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code historian demo}: a server on the embedded default data directory and a simulated ISA-95
 * plant publishing into it through the gRPC write API, with a live view (write rate, a few latest
 * values, a one-minute aggregate) until Ctrl-C or {@code --duration}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a server with a simulated plant writing into it, and show it live.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}).")
    private Path data = Path.of("historian-data");

    @Option(names = "--port", description = "Server port (default: " + ServeCommand.DEFAULT_PORT + "; 0 picks one).")
    private int port = ServeCommand.DEFAULT_PORT;

    @Option(names = "--flight-port", description = "Arrow Flight port (default: " + ServeCommand.DEFAULT_FLIGHT_PORT
        + ", a free one with --port 0; -1 turns Flight off).")
    private Integer flightPort;

    @Option(names = "--http-port", description = "HTTP port of the trend page and /metrics (default: "
        + ServeCommand.DEFAULT_HTTP_PORT + ", a free one with --port 0; -1 turns HTTP off).")
    private Integer httpPort;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Stop after this long (10s, 5m); default: "
        + "until Ctrl-C.")
    private String duration;

    @Option(names = "--sites", description = "Sites (default: ${DEFAULT-VALUE}); each has 3 areas x 4 lines x 10 tags.")
    private int sites = 2;

    @Option(names = "--speed", description = "Plant seconds per wall-clock second (default: ${DEFAULT-VALUE}) while "
        + "the plant catches up with now: it starts far enough in the past to reach now as --duration ends (after 10 "
        + "minutes without --duration), then keeps pace with the wall clock, so no timestamp lies in the future.")
    private int speed = 10;

    @Option(names = "--mqtt", paramLabel = "URL", description = "Publish the plant to this MQTT broker (e.g. "
        + "tcp://127.0.0.1:1883) as Sparkplug B and plain JSON topics, and record it from there.")
    private String mqtt;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long runFor = duration == null ? Long.MAX_VALUE : TimeArguments.duration(duration);
        long stopAt = duration == null ? Long.MAX_VALUE : System.nanoTime() + runFor;
        PlantClock clock = new PlantClock(TimeArguments.nowNanos(), speed, runFor);
        SimulatedPlant plant = new SimulatedPlant(42, sites, 3, 4);
        HistorianMetrics metrics = new HistorianMetrics();
        try (Historian historian = Historian.open(data, StorageOptions.builder().events(metrics.storageEvents()).build());
             HistorianServer server = HistorianServer.start(historian, HistorianServer.Settings.loopback(port),
                 HistorianVersion.version(), metrics);
             HistorianFlightServer flight = startFlight(historian);
             HistorianHttpServer http = startHttp(historian, metrics)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            Thread.currentThread().setName("historian-demo");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> channel.shutdownNow()));
            out.printf("UNS Historian demo: server on 127.0.0.1:%d, data in %s%n", server.port(), data.toAbsolutePath());
            if (flight != null) {
                out.printf("Arrow Flight on grpc://127.0.0.1:%d (docs/arrow.md)%n", flight.port());
            }
            if (http != null) {
                out.printf("trend page on http://127.0.0.1:%d/ (Prometheus metrics: /metrics)%n", http.port());
            }
            out.printf("simulated plant: %d series (%d sites x 3 areas x 4 lines x 10 tags), %d plant s per s%n",
                plant.tagCount(), sites, speed);
            out.printf("plant clock: from %s, catching up with now, then in step with it (never ahead)%n",
                java.time.Instant.ofEpochSecond(0, clock.now()));
            out.printf("try meanwhile: ./historian latest 'acme/#' --server 127.0.0.1:%d%n%n", server.port());
            out.flush();
            if (mqtt == null) {
                run(plant, clock, channel, out, stopAt);
            } else {
                runOverMqtt(historian, plant, clock, channel, out, stopAt);
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        out.println("demo stopped; the data stays in " + data.toAbsolutePath());
        out.flush();
        return 0;
    }

    /** Flight beside the gRPC API, as {@code serve} opens it; null when turned off. */
    private HistorianFlightServer startFlight(Historian historian) throws java.io.IOException {
        int listen = flightPort != null ? flightPort : port == 0 ? 0 : ServeCommand.DEFAULT_FLIGHT_PORT;
        return listen < 0 ? null : HistorianFlightServer.start(historian, "127.0.0.1", listen, false);
    }

    /** The HTTP listener (trend page, metrics, health) beside the gRPC API, as {@code serve} opens it; null when off. */
    private HistorianHttpServer startHttp(Historian historian, HistorianMetrics metrics) throws java.io.IOException {
        int listen = httpPort != null ? httpPort : port == 0 ? 0 : ServeCommand.DEFAULT_HTTP_PORT;
        if (listen < 0) {
            return null;
        }
        metrics.watch(historian);
        Security open = Security.none();
        return HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", listen, false, null, open),
            metrics, HttpRoutes.of(historian, metrics, open));
    }

    private void run(SimulatedPlant plant, PlantClock clock, ManagedChannel channel, PrintWriter out, long stopAt)
        throws Exception {
        WriteStream writes = WriteStream.open(channel);
        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
        AtomicLong stored = new AtomicLong();
        long batchId = 0;
        long lastView = System.nanoTime();
        long storedAtLastView = 0;
        while (System.nanoTime() < stopAt && !Thread.currentThread().isInterrupted()) {
            long tickStart = System.nanoTime();
            long[] times = clock.tick(TimeArguments.nowNanos());
            for (long t : times) {
                writes.send(batch(plant, t, ++batchId));
            }
            for (int s = 0; s < times.length; s++) {
                stored.addAndGet(writes.nextAccepted(30, TimeUnit.SECONDS));
            }
            if (System.nanoTime() - lastView >= 1_000_000_000L) {
                double rate = (stored.get() - storedAtLastView) / ((System.nanoTime() - lastView) / 1e9);
                view(stub, plant, clock.now(), stored.get(), rate, out);
                lastView = System.nanoTime();
                storedAtLastView = stored.get();
            }
            long sleep = 1_000_000_000L - (System.nanoTime() - tickStart);
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(sleep, Math.max(0, stopAt - System.nanoTime())));
            }
        }
        writes.finish();
    }

    /**
     * The plant publishes to the broker; the historian records it as a UNS client and a Sparkplug
     * host would — what {@code historian serve --mqtt URL --sparkplug-host-id ID} does.
     */
    private void runOverMqtt(Historian historian, SimulatedPlant plant, PlantClock clock, ManagedChannel channel,
                             PrintWriter out, long stopAt) throws Exception {
        Properties settings = new Properties();
        settings.setProperty("mqtt.broker", mqtt);
        settings.setProperty("mqtt.subscribe", "acme/#");
        settings.setProperty("mqtt.client-id", "uns-historian-demo");
        settings.setProperty("sparkplug.host-id", "uns-historian-demo");
        URI broker = URI.create(mqtt);
        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
        try (IngestSources sources = IngestSources.start(historian, settings);
             MqttPlantPublisher publisher = new MqttPlantPublisher(broker.getHost(),
                 broker.getPort() > 0 ? broker.getPort() : 1883)) {
            sources.describe().forEach(out::println);
            out.printf("publishing: every other site as Sparkplug B (spBv1.0/acme/...), the others as JSON topics "
                + "(acme/...)%n%n");
            out.flush();
            Thread.sleep(1000);   // the sources subscribe, and the host says it is online
            long lastView = System.nanoTime();
            long storedAtLastView = 0;
            while (System.nanoTime() < stopAt && !Thread.currentThread().isInterrupted()) {
                long tickStart = System.nanoTime();
                for (long t : clock.tick(TimeArguments.nowNanos())) {
                    publisher.publish(plant, t);
                }
                if (System.nanoTime() - lastView >= 1_000_000_000L) {
                    long stored = sources.storedSamples();
                    double rate = (stored - storedAtLastView) / ((System.nanoTime() - lastView) / 1e9);
                    view(stub, plant, clock.now(), stored, rate, out);
                    lastView = System.nanoTime();
                    storedAtLastView = stored;
                }
                long sleep = 1_000_000_000L - (System.nanoTime() - tickStart);
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(Math.min(sleep, Math.max(0, stopAt - System.nanoTime())));
                }
            }
        }
    }

    private static WriteBatch batch(SimulatedPlant plant, long t, long id) {
        Map<String, SeriesSamples.Builder> series = new LinkedHashMap<>();
        plant.tick(t, new SimulatedPlant.Sink() {
            @Override
            public void doubleSample(String path, long timestampNanos, double value) {
                builder(series, path, ValueType.DOUBLE).addTimestampsNs(timestampNanos).addDoubleValues(value);
            }

            @Override
            public void longSample(String path, long timestampNanos, long value) {
                builder(series, path, ValueType.LONG).addTimestampsNs(timestampNanos).addLongValues(value);
            }

            @Override
            public void booleanSample(String path, long timestampNanos, boolean value) {
                builder(series, path, ValueType.BOOLEAN).addTimestampsNs(timestampNanos).addBoolValues(value);
            }

            @Override
            public void stringSample(String path, long timestampNanos, String value) {
                builder(series, path, ValueType.STRING).addTimestampsNs(timestampNanos).addStringValues(value);
            }
        });
        WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(id);
        series.values().forEach(batch::addSeries);
        return batch.build();
    }

    private static SeriesSamples.Builder builder(Map<String, SeriesSamples.Builder> series, String path, ValueType type) {
        return series.computeIfAbsent(path, p -> SeriesSamples.newBuilder().setPath(p).setType(type));
    }

    private static void view(HistorianGrpc.HistorianBlockingStub stub, SimulatedPlant plant, long plantTime,
                             long stored, double rate, PrintWriter out) {
        Map<String, String> latest = new HashMap<>();
        for (SeriesSamples sample : stub.latest(LatestRequest.newBuilder().setSelection(Selection.newBuilder()
            .addAllFilters(plant.samplePaths())).build()).getLatestList()) {
            latest.put(sample.getPath().substring(sample.getPath().lastIndexOf('/') + 1), Values.text(sample, 0));
        }
        String temperature = plant.samplePaths().get(0);
        StringBuilder minute = new StringBuilder();
        stub.aggregate(AggregateRequest.newBuilder().setSelection(Selection.newBuilder().addFilters(temperature))
            .setStartNs(plantTime - 60_000_000_000L).setEndNs(plantTime).setBucketNs(60_000_000_000L)
            .setOriginNs(plantTime).build())
            .forEachRemaining(rows -> {
                for (AggregateRow row : rows.getRowsList()) {
                    minute.append(String.format("avg %.2f min %.2f max %.2f (%d samples)", row.getAvg(), row.getMin(),
                        row.getMax(), row.getCount()));
                }
            });
        out.printf("%,12d samples stored  %,9.0f samples/s | line1 temperature %s  vibration %s  good_parts %s  "
            + "running %s  state %s | last plant minute of temperature: %s%n", stored, rate,
            latest.get("temperature"), latest.get("vibration"), latest.get("good_parts"), latest.get("running"),
            latest.get("state"), minute);
        out.flush();
    }
}
