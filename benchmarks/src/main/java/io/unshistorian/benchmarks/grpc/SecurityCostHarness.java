package io.unshistorian.benchmarks.grpc;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.BearerToken;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Grants;
import io.unshistorian.server.security.Right;
import io.unshistorian.testkit.TestCertificates;

/**
 * The cost of security on the gRPC figures: the {@link GrpcHarness} workload (server in its own
 * JVM, 1,000 series, writes in batches of 10,000 with 8 in flight, raw read of everything streamed,
 * single-groupby-1-1-1 latency) against a plaintext server without authentication and against one
 * with TLS, an API token on every call and grants enforced (read and write on {@code bench/#}, so
 * every read is narrowed series by series and every batch checked series by series), alternating,
 * {@code --rounds} each (default 3), each round on a fresh server and data directory. Prints each
 * round and the medians, and secure / plain ratios.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.grpc.SecurityCostHarness [--rounds N]</pre>
 */
public final class SecurityCostHarness {
    private SecurityCostHarness() {
    }

    /** One round's figures. */
    private record Figures(double writePerSecond, double readPerSecond, double groupByP50Millis,
                           double groupByP99Millis) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 2 && args[0].equals("--rounds") ? Integer.parseInt(args[1]) : 3;
        Path work = Files.createTempDirectory("uns-security-bench");
        TestCertificates pki = TestCertificates.make(work.resolve("pki"));
        List<Figures> plain = new ArrayList<>();
        List<Figures> secure = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            plain.add(round(work.resolve("plain-" + round), null));
            print("plain ", round, plain.get(plain.size() - 1));
            secure.add(round(work.resolve("secure-" + round), pki));
            print("secure", round, secure.get(secure.size() - 1));
        }
        Figures p = median(plain);
        Figures s = median(secure);
        print("plain  median", 0, p);
        print("secure median", 0, s);
        System.out.printf("secure / plain: write %.3f, raw read %.3f, single-groupby p50 latency %.3f (>1 is slower)%n",
            s.writePerSecond() / p.writePerSecond(), s.readPerSecond() / p.readPerSecond(),
            s.groupByP50Millis() / p.groupByP50Millis());
    }

    private static void print(String mode, int round, Figures f) {
        System.out.printf("%s%s: write %.2f M samples/s, raw read %.2f M samples/s, single-groupby p50 %.3f ms, "
            + "p99 %.3f ms%n", mode, round == 0 ? "" : " round " + round, f.writePerSecond() / 1e6,
            f.readPerSecond() / 1e6, f.groupByP50Millis(), f.groupByP99Millis());
    }

    private static Figures median(List<Figures> all) {
        return new Figures(median(all.stream().mapToDouble(Figures::writePerSecond).toArray()),
            median(all.stream().mapToDouble(Figures::readPerSecond).toArray()),
            median(all.stream().mapToDouble(Figures::groupByP50Millis).toArray()),
            median(all.stream().mapToDouble(Figures::groupByP99Millis).toArray()));
    }

    private static double median(double[] values) {
        Arrays.sort(values);
        return values[values.length / 2];
    }

    /** One round on a fresh server: plaintext without authentication, or (with {@code pki}) TLS + token + grants. */
    private static Figures round(Path data, TestCertificates pki) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> options = new ArrayList<>();
        String token = null;
        if (pki != null) {
            Historian.open(data).close();
            token = ApiTokens.of(data).create("bench");
            Grants grants = Grants.of(data);
            grants.add(new Grants.Grant("token:bench", Right.WRITE, "bench/#"));
            grants.add(new Grants.Grant("token:bench", Right.READ, "bench/#"));
            options.addAll(List.of("--tls-cert", pki.file("server.pem").toString(), "--tls-key",
                pki.file("server.key").toString(), "--auth", "token"));
        }
        Process server = GrpcHarness.startServer(data, port, options);
        ManagedChannel channel = null;
        try {
            GrpcHarness.waitForPort(port);
            channel = pki == null
                ? NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(64 << 20).build()
                : Grpc.newChannelBuilderForAddress("127.0.0.1", port, TlsChannelCredentials.newBuilder()
                    .trustManager(pki.ca().toFile()).build()).maxInboundMessageSize(64 << 20).build();
            Channel calls = token == null ? channel : ClientInterceptors.intercept(channel, BearerToken.of(token));
            String[] paths = GrpcHarness.paths();
            double write = GrpcHarness.write(calls, paths, 10, 0, 3600);
            GrpcHarness.read(calls);   // the server's JIT warms up
            double read = GrpcHarness.read(calls);
            long[] latencies = GrpcHarness.groupBy(calls, paths[0], false);
            return new Figures(write, read, latencies[latencies.length / 2] / 1e6,
                latencies[latencies.length * 99 / 100] / 1e6);
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            GrpcHarness.stop(server, data);
        }
    }
}
