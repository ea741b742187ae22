package io.unshistorian.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.unshistorian.embedded.Historian;

/**
 * The gRPC server: the {@code historian.v1.Historian} service, the standard health service and
 * server reflection, on one address (127.0.0.1 by default). Listening beyond loopback needs an
 * explicit opt-out of the (later) TLS and authentication requirement.
 */
public final class HistorianServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HistorianServer.class.getName());
    public static final String SERVICE_NAME = "historian.v1.Historian";

    private final Server server;
    private final HealthStatusManager health;

    private HistorianServer(Server server, HealthStatusManager health) {
        this.server = server;
        this.health = health;
    }

    /** Settings of a server. */
    public record Settings(String host, int port, int maxInboundMessageBytes, boolean allowRemoteWithoutTls) {
        public static Settings loopback(int port) {
            return new Settings("127.0.0.1", port, 64 << 20, false);
        }
    }

    /** Starts serving {@code historian}; port 0 picks a free port. */
    public static HistorianServer start(Historian historian, Settings settings, String version) throws IOException {
        InetAddress address = InetAddress.getByName(settings.host());
        if (!address.isLoopbackAddress() && !settings.allowRemoteWithoutTls()) {
            throw new IOException("refusing to listen on " + settings.host() + " without TLS and authentication: "
                + "listen on 127.0.0.1, or opt out explicitly (--insecure-remote) on a network you trust");
        }
        HealthStatusManager health = new HealthStatusManager();
        ServerBuilder<?> builder = NettyServerBuilder.forAddress(new InetSocketAddress(address, settings.port()))
            .maxInboundMessageSize(settings.maxInboundMessageBytes())
            .addService(new HistorianService(historian, version))
            .addService(health.getHealthService())
            .addService(ProtoReflectionServiceV1.newInstance());
        Server server = builder.build().start();
        health.setStatus(SERVICE_NAME, HealthCheckResponse.ServingStatus.SERVING);
        health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
        return new HistorianServer(server, health);
    }

    /** The historian.v1 service alone, for an in-process server over a directory opened directly. */
    public static io.grpc.BindableService service(Historian historian, String version) {
        return new HistorianService(historian, version);
    }

    public int port() {
        return server.getPort();
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops taking calls, lets running ones finish (up to 10 s), then stops. */
    @Override
    public void close() {
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "calls still running after 10 s; cancelling them");
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
