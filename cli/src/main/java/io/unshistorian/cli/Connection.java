package io.unshistorian.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.unshistorian.client.BearerToken;
import io.grpc.Server;
import io.grpc.TlsChannelCredentials;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;

import picocli.CommandLine.Option;

/**
 * Where a client command talks to: a running server ({@code --server}, default
 * {@value #DEFAULT_SERVER}) or a data directory opened directly ({@code --data}) when no server
 * holds it. Either way the command speaks the gRPC API: a directory is served in process.
 */
final class Connection {
    static final String DEFAULT_SERVER = "127.0.0.1:" + ServeCommand.DEFAULT_PORT;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "Server to talk to (default: "
        + DEFAULT_SERVER + ").")
    String server;

    @Option(names = "--data", paramLabel = "DIR", description = "Open this data directory directly instead of "
        + "talking to a server (only when no server holds it).")
    Path data;

    @Option(names = "--tls-ca", paramLabel = "PEM", description = "Talk TLS to the server, trusting these CA "
        + "certificates.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for a server that requires "
        + "one (mutual TLS); with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The client certificate's private key.")
    Path tlsKey;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token (uhs_…) or identity-provider JWT for "
        + "a server started with --auth (default: the HISTORIAN_TOKEN environment variable).")
    String token;

    /** Something to call with a channel. */
    @FunctionalInterface
    interface Call<T> {
        T run(ManagedChannel channel) throws Exception;
    }

    /** The token to send with every call (flag, else HISTORIAN_TOKEN), or null. */
    private String token() {
        String value = token != null ? token : System.getenv("HISTORIAN_TOKEN");
        return value == null || value.isBlank() ? null : value;
    }

    private ChannelCredentials tls() throws IOException {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (tlsCa != null) {
            tls.trustManager(tlsCa.toFile());
        }
        if (tlsCert != null || tlsKey != null) {
            if (tlsCert == null || tlsKey == null) {
                throw new IOException("a client certificate needs both --tls-cert and --tls-key");
            }
            tls.keyManager(tlsCert.toFile(), tlsKey.toFile());
        }
        return tls.build();
    }

    <T> T with(Call<T> call) throws Exception {
        if (data != null) {
            try (Historian historian = Historian.open(DataDirectories.existing(data))) {
                String name = "historian-cli-" + System.nanoTime();
                Server local = InProcessServerBuilder.forName(name).addService(HistorianServer.service(historian,
                    HistorianVersion.version())).build().start();
                ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
                try {
                    return call.run(channel);
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                    local.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
        String address = server == null ? DEFAULT_SERVER : server;
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("--server wants HOST:PORT, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        NettyChannelBuilder builder = (tlsCa == null && tlsCert == null ? NettyChannelBuilder.forAddress(host, port)
            .usePlaintext() : NettyChannelBuilder.forAddress(host, port, tls())).maxInboundMessageSize(64 << 20);
        if (token() != null) {
            builder.intercept(BearerToken.of(token()));
        }
        ManagedChannel channel = builder.build();
        try {
            return call.run(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
