package io.unshistorian.benchmarks.grpc;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.cli.HistorianCli;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRows;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteBatch;

/**
 * The gRPC figures with the server in its own JVM ({@code historian serve}) and this process as the
 * client over 127.0.0.1: write throughput with batches of 1,000 and 10,000 samples (8 batches in
 * flight on one Write stream), raw read throughput streamed to the client, and p50/p99 latency of
 * the TSBS single-groupby-1-1-1 query (1-minute averages over one hour of one series), streamed and
 * unary; five rounds of each, every round printed and the median quoted.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.grpc.GrpcHarness</pre>
 */
public final class GrpcHarness {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final int SERIES = 1000;
    private static final int ROUNDS = 5;

    private GrpcHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Files.createTempDirectory("uns-grpc-bench");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process server = startServer(data, port, List.of());
        try {
            waitForPort(port);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
            try {
                String[] paths = paths();
                // Five rounds of each figure, the median quoted: the first rounds run while both
                // JVMs compile the call paths, later ones show the warm server.
                double[] small = new double[ROUNDS];
                double[] large = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    int from = round * 720;
                    small[round] = write(channel, paths, 1, from, from + 120);
                    large[round] = write(channel, paths, 10, from + 120, from + 720);
                }
                report("write, batches of 1,000 (1 sample x 1,000 series)", small, "M samples/s", 1e-6);
                report("write, batches of 10,000 (10 samples x 1,000 series)", large, "M samples/s", 1e-6);
                double[] reads = new double[ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    reads[round] = read(channel);
                }
                report("raw read streamed to the client", reads, "M samples/s", 1e-6);
                for (boolean unary : new boolean[] {false, true}) {
                    double[] p50 = new double[ROUNDS];
                    double[] p99 = new double[ROUNDS];
                    for (int round = 0; round < ROUNDS; round++) {
                        long[] latencies = groupBy(channel, paths[0], unary);
                        p50[round] = latencies[latencies.length / 2];
                        p99[round] = latencies[latencies.length * 99 / 100];
                    }
                    String method = unary ? "AggregateUnary" : "Aggregate (stream)";
                    report("single-groupby-1-1-1 p50, " + method + " (2,000 calls per round)", p50, "ms", 1e-6);
                    report("single-groupby-1-1-1 p99, " + method + " (2,000 calls per round)", p99, "ms", 1e-6);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            stop(server, data);
        }
    }

    /** One line: every round's figure, then their median, in {@code unit} after scaling by {@code scale}. */
    private static void report(String label, double[] rounds, String unit, double scale) {
        StringBuilder line = new StringBuilder(label).append(": rounds");
        for (double figure : rounds) {
            line.append(String.format(" %.3f", figure * scale));
        }
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        System.out.println(line.append(String.format("; median %.3f %s", sorted[sorted.length / 2] * scale, unit)));
    }

    /** The benchmark's 1,000 series paths: bench/area{0-9}/line{0-9}/tag{n}. */
    static String[] paths() {
        String[] paths = new String[SERIES];
        for (int s = 0; s < SERIES; s++) {
            paths[s] = "bench/area" + (s / 100) + "/line" + (s / 10 % 10) + "/tag" + s;
        }
        return paths;
    }

    static void stop(Process server, Path data) throws Exception {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /** {@code historian serve} on {@code data} and {@code port} in a JVM of its own, with {@code extra} options. */
    static Process startServer(Path data, int port, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-D")) {
                command.add(argument);
            }
        }
        command.addAll(Arrays.asList("-Xmx4g", "-cp", System.getProperty("java.class.path"),
            HistorianCli.class.getName(), "serve", "--data", data.toString(), "--port", Integer.toString(port),
            "--flight-port", "-1", "--http-port", "-1"));
        command.addAll(extra);
        return new ProcessBuilder(command).redirectOutput(new File("/dev/null")).redirectErrorStream(true).start();
    }

    static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the server did not start on port " + port);
    }

    /** Writes seconds [from, to) of all series, {@code perSeries} samples per series per batch; returns samples/s. */
    static double write(Channel channel, String[] paths, int perSeries, int from, int to) throws Exception {
        PipelinedWrites writes = new PipelinedWrites(channel);
        long start = System.nanoTime();
        long id = 0;
        for (int second = from; second < to; second += perSeries) {
            WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(++id);
            for (int s = 0; s < paths.length; s++) {
                SeriesSamples.Builder series = SeriesSamples.newBuilder().setPath(paths[s]).setType(ValueType.DOUBLE);
                for (int k = 0; k < perSeries; k++) {
                    series.addTimestampsNs(T0 + (second + k) * SECOND).addDoubleValues(
                        Math.round((20 + s % 50 + Math.sin((second + k) / 300.0)) * 100) / 100.0);
                }
                batch.addSeries(series);
            }
            writes.send(batch.build());
        }
        long samples = writes.finish();
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    /** Reads everything written, streamed to the client; returns samples/s. */
    static double read(Channel channel) {
        long start = System.nanoTime();
        long samples = 0;
        Iterator<SampleColumns> pages = HistorianGrpc.newBlockingStub(channel).readRaw(ReadRawRequest.newBuilder()
            .setSelection(Selection.newBuilder().addFilters("bench/#")).setStartNs(T0)
            .setEndNs(T0 + 5 * 720 * SECOND).build());
        while (pages.hasNext()) {
            samples += pages.next().getSamples().getTimestampsNsCount();
        }
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * 2,000 single-groupby-1-1-1 calls after 500 warm-up ones, streamed ({@code Aggregate}) or in one
     * message ({@code AggregateUnary}); returns their latencies in ns, sorted.
     */
    static long[] groupBy(Channel channel, String path, boolean unary) {
        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
        int calls = 2000;
        long[] latencies = new long[calls];
        for (int i = -500; i < calls; i++) {
            long hour = T0 + Math.floorMod(i * 7919L, 2400) * SECOND;   // an hour inside the data written
            AggregateRequest request = AggregateRequest.newBuilder().setSelection(Selection.newBuilder()
                .addFilters(path)).setStartNs(hour).setEndNs(hour + 3600 * SECOND).setBucketNs(60 * SECOND).build();
            long start = System.nanoTime();
            int count = 0;
            if (unary) {
                count = stub.aggregateUnary(request).getRowsCount();
            } else {
                Iterator<AggregateRows> rows = stub.aggregate(request);
                while (rows.hasNext()) {
                    count += rows.next().getRowsCount();
                }
            }
            if (i >= 0) {
                latencies[i] = System.nanoTime() - start;
            }
            if (count == 0) {
                throw new IllegalStateException("no rows");
            }
        }
        Arrays.sort(latencies);
        return latencies;
    }
}
