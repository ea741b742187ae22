package io.unshistorian.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.BearerToken;
import io.unshistorian.embedded.Historian;
import io.unshistorian.forward.ForwardOptions;
import io.unshistorian.forward.Forwarder;
import io.unshistorian.forward.PathRewrite;
import io.unshistorian.grpc.v1.ForwarderInfo;

import picocli.CommandLine.Option;

/**
 * {@code serve}'s forwarding flags (and their {@code forward.*} keys in --config): where to send
 * (the central's gRPC address, TLS trust, token), what (namespaces, path rewrite) and how fast.
 * The forwarder's state lives in {@code <data>/forward/NAME.state}.
 */
final class ForwardSettings {
    @Option(names = "--forward-to", paramLabel = "HOST:PORT", description = "Forward everything stored here to "
        + "this central historian's gRPC API, losing nothing across outages and restarts (docs/forwarding.md).")
    String target;

    @Option(names = "--forward-name", paramLabel = "NAME", description = "This edge's name at the central "
        + "(default: the host name).")
    String name;

    @Option(names = "--forward-filter", paramLabel = "FILTERS", description = "Comma-separated MQTT filters of "
        + "what to forward (default: #).")
    String filters;

    @Option(names = "--forward-rewrite", paramLabel = "RULE", description = "PREFIX (put in front of every path) or "
        + "FROM=TO (a leading part replaced), e.g. line1=acme/dallas/line1.")
    String rewrite;

    @Option(names = "--forward-rate", paramLabel = "SAMPLES/S", description = "At most this many samples per second "
        + "(default: as fast as the central takes them), so catching up leaves room for live traffic.")
    Long rate;

    @Option(names = "--forward-max-backlog", paramLabel = "BYTES", description = "WAL kept for the central while it is "
        + "unreachable, at most (default: 8589934592); past it the oldest goes, and its time span is sent from the "
        + "block files instead.")
    Long maxBacklog;

    @Option(names = "--forward-tls-ca", paramLabel = "PEM", description = "Talk TLS to the central, trusting these CA "
        + "certificates.")
    Path tlsCa;

    @Option(names = "--forward-token", paramLabel = "TOKEN", description = "API token or JWT for the central "
        + "(default: HISTORIAN_FORWARD_TOKEN).")
    String token;

    /** The state file of a forwarder named {@code name} in {@code dataDirectory}. */
    static Path stateFile(Path dataDirectory, String name) {
        return dataDirectory.resolve("forward").resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".state");
    }

    private static String defaultName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "edge";
        }
    }

    /** A running forwarder and its channel. */
    record Running(Forwarder forwarder, ManagedChannel channel, String target, String name) implements AutoCloseable {
        /** The forwarder's progress and gap ledger, as ServerInfo and the metrics report it. */
        ForwarderInfo info() {
            return ForwardCommand.info(forwarder.status());
        }

        @Override
        public void close() {
            forwarder.close();
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts forwarding when a target is set (flag or {@code forward.to}); null otherwise. */
    Running start(Historian historian, Path dataDirectory, Properties file) throws IOException {
        String to = target != null ? target : file.getProperty("forward.to");
        if (to == null || to.isBlank()) {
            return null;
        }
        int colon = to.lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(to.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--forward-to wants HOST:PORT, got '" + to + "'");
        }
        String host = to.substring(0, colon);
        String edgeName = pick(name, file, "forward.name", defaultName());
        List<String> forwarded = ServeConfig.items(pick(filters, file, "forward.filter", "#"));
        String rule = pick(rewrite, file, "forward.rewrite", null);
        ForwardOptions options = ForwardOptions.of(edgeName).withFilters(forwarded)
            .withRewrite(rule == null ? PathRewrite.NONE : PathRewrite.parse(rule))
            .withRateLimit(rate != null ? rate : Long.parseLong(file.getProperty("forward.rate", "0")))
            .withMaxBacklogBytes(maxBacklog != null ? maxBacklog : Long.parseLong(file.getProperty("forward.max-backlog",
                Long.toString(ForwardOptions.DEFAULT_MAX_BACKLOG_BYTES))));
        String ca = tlsCa != null ? tlsCa.toString() : file.getProperty("forward.tls-ca");
        NettyChannelBuilder builder;
        if (ca != null) {
            ChannelCredentials tls = TlsChannelCredentials.newBuilder().trustManager(Path.of(ca).toFile()).build();
            builder = NettyChannelBuilder.forAddress(host, port, tls);
        } else {
            builder = NettyChannelBuilder.forAddress(host, port).usePlaintext();
        }
        String bearer = pick(token, file, "forward.token", System.getenv("HISTORIAN_FORWARD_TOKEN"));
        if (bearer != null && !bearer.isBlank()) {
            builder.intercept(BearerToken.of(bearer));
        }
        ManagedChannel channel = builder.build();
        try {
            Forwarder forwarder = new Forwarder(historian, channel, to, options, stateFile(dataDirectory, edgeName));
            forwarder.start();
            return new Running(forwarder, channel, to, edgeName);
        } catch (IOException | RuntimeException e) {
            channel.shutdownNow();
            throw e;
        }
    }

    private static String pick(String flag, Properties file, String key, String fallback) {
        return flag != null ? flag : file.getProperty(key, fallback);
    }
}
