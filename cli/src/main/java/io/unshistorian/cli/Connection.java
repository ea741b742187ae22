package io.unshistorian.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.unshistorian.client.BearerToken;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where a client command talks to: a running server ({@code --server}, default HISTORIAN_SERVER,
 * else {@value #DEFAULT_SERVER}) or a data directory opened directly ({@code --data}) when no server
 * holds it. Either way the command speaks the gRPC API: a directory is served in process.
 */
final class Connection {
    static final String DEFAULT_SERVER = "127.0.0.1:" + ServeCommand.DEFAULT_PORT;

    @Option(names = "--server", paramLabel = "HOST:PORT", description = "Server to talk to (default: the "
        + "HISTORIAN_SERVER environment variable, else " + DEFAULT_SERVER + ").")
    String server;

    /** HISTORIAN_SERVER when set, else {@value #DEFAULT_SERVER}. */
    static String defaultServer() {
        String value = System.getenv("HISTORIAN_SERVER");
        return value == null || value.isBlank() ? DEFAULT_SERVER : value.strip();
    }

    @Option(names = "--data", paramLabel = "DIR", description = "Open this data directory directly instead of "
        + "talking to a server (only when no server holds it).")
    Path data;

    @Mixin
    ClientCredentials credentials;

    /** Something to call with a channel. */
    @FunctionalInterface
    interface Call<T> {
        T run(ManagedChannel channel) throws Exception;
    }

    <T> T with(Call<T> call) throws Exception {
        if (data != null) {
            try (Historian historian = DataDirectories.open(DataDirectories.existing(data))) {
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
        String address = server != null ? server : defaultServer();
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("--server wants HOST:PORT, got '" + address + "'");
        }
        String host = address.substring(0, colon);
        int port = Integer.parseInt(address.substring(colon + 1));
        NettyChannelBuilder builder = (credentials.tls() ? NettyChannelBuilder.forAddress(host, port,
            credentials.grpcTls()) : NettyChannelBuilder.forAddress(host, port).usePlaintext())
            .maxInboundMessageSize(64 << 20);
        if (credentials.token() != null) {
            builder.intercept(BearerToken.of(credentials.token()));
        }
        ManagedChannel channel = builder.build();
        try {
            return call.run(channel);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
