package io.unshistorian.benchmarks.grpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.storage.StorageOptions;

/**
 * The cost of the Prometheus metrics on the gRPC paths they instrument: the {@link GrpcHarness}
 * write workload (1,000 series, batches of 10,000, 8 in flight) and single-groupby-1-1-1 latency,
 * against a server without metrics and one that counts every call, batch, WAL append and fsync
 * ({@code serve}'s setup), alternating (which goes first alternates too), {@code --rounds} each
 * (default 9), each round on a fresh data directory. Server and client share this JVM (both variants alike), so the ratio is what to read.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.grpc.MetricsCostHarness [--rounds N]</pre>
 */
public final class MetricsCostHarness {
    private MetricsCostHarness() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 9;
        Path work = Files.createTempDirectory("uns-metrics-bench");
        double[][] plain = new double[2][rounds];
        double[][] measured = new double[2][rounds];
        for (int round = 0; round < rounds; round++) {
            // Which variant goes first alternates, so the JVM's warming up favours neither.
            boolean metricsFirst = round % 2 == 1;
            round(work.resolve("a-" + round), metricsFirst, metricsFirst ? measured : plain, round);
            round(work.resolve("b-" + round), !metricsFirst, metricsFirst ? plain : measured, round);
            System.out.printf("round %d: write %.3f / %.3f M samples/s, single-groupby p50 %.3f / %.3f ms "
                + "(without / with metrics)%n", round + 1, plain[0][round] / 1e6, measured[0][round] / 1e6,
                plain[1][round] / 1e6, measured[1][round] / 1e6);
        }
        double write = median(measured[0]) / median(plain[0]);
        double latency = median(measured[1]) / median(plain[1]);
        System.out.printf("medians: write %.3f / %.3f M samples/s, p50 %.3f / %.3f ms; with / without metrics: "
            + "write %.3f, p50 latency %.3f (>1 is slower)%n", median(plain[0]) / 1e6, median(measured[0]) / 1e6,
            median(plain[1]) / 1e6, median(measured[1]) / 1e6, write, latency);
    }

    private static void round(Path data, boolean withMetrics, double[][] figures, int round) throws Exception {
        HistorianMetrics metrics = withMetrics ? new HistorianMetrics() : null;
        StorageOptions.Builder options = StorageOptions.builder();
        if (metrics != null) {
            options.events(metrics.storageEvents());
        }
        try (Historian historian = Historian.open(data, options.build());
             HistorianServer server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "bench",
                 metrics)) {
            if (metrics != null) {
                metrics.watch(historian);
            }
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
            try {
                String[] paths = GrpcHarness.paths();
                figures[0][round] = GrpcHarness.write(channel, paths, 10, 0, 3600);
                long[] latencies = GrpcHarness.groupBy(channel, paths[0], true);
                figures[1][round] = latencies[latencies.length / 2];
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } finally {
            try (Stream<Path> files = Files.walk(data)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
