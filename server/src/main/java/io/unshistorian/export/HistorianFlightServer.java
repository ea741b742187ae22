package io.unshistorian.export;

import java.io.IOException;
import java.util.function.Consumer;

import io.grpc.ServerBuilder;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.metrics.CallMetrics;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;

import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The Arrow Flight endpoint beside the gRPC API: same historian, same listening rule and TLS.
 * Port 0 picks a free port.
 */
public final class HistorianFlightServer implements AutoCloseable {
    private final BufferAllocator allocator;
    private final FlightServer server;

    private HistorianFlightServer(BufferAllocator allocator, FlightServer server) {
        this.allocator = allocator;
        this.server = server;
    }

    public static HistorianFlightServer start(Historian historian, String host, int port, boolean allowRemote)
        throws IOException {
        return start(historian, host, port, allowRemote, null, Security.none());
    }

    /**
     * Serves Flight, over TLS (and mutual TLS) when {@code tls} is set, under {@code security}: the
     * same identities (a client certificate, else an API token or JWT), grants and audit as the gRPC
     * API. Flight reads the TLS files once at start: a renewed certificate needs a restart (the gRPC
     * API reloads its own).
     */
    public static HistorianFlightServer start(Historian historian, String host, int port, boolean allowRemote,
                                              TlsSettings tls, Security security) throws IOException {
        return start(historian, host, port, allowRemote, tls, security, null);
    }

    /** As {@link #start(Historian, String, int, boolean, TlsSettings, Security)}, counting calls in {@code metrics} (null: none). */
    public static HistorianFlightServer start(Historian historian, String host, int port, boolean allowRemote,
                                              TlsSettings tls, Security security, HistorianMetrics metrics)
        throws IOException {
        HistorianServer.checkListening(host, tls, security.authenticationRequired(), allowRemote, "Arrow Flight");
        BufferAllocator allocator = new RootAllocator();
        // Endpoints say "this same server" (arrow-flight-reuse-connection), so port 0 needs no restart.
        FlightServer.Builder builder = FlightServer.builder(allocator,
            tls == null ? Location.forGrpcInsecure(host, port) : Location.forGrpcTls(host, port),
            new HistorianFlightProducer(historian, allocator, Location.reuseConnection(), security));
        if (tls != null) {
            builder.useTls(tls.certificateChain().toFile(), tls.privateKey().toFile());
            if (tls.mutual()) {
                builder.useMTlsClientVerification(tls.clientCa().toFile());
            }
        }
        builder.headerAuthenticator(new FlightAuthentication(security));
        // Flight's authenticator sees headers only: an interceptor on its gRPC server adds the verified ones.
        builder.transportHint("grpc.builderConsumer",
            (Consumer<ServerBuilder<?>>) grpc -> {
                grpc.intercept(FlightAuthentication.transportHeaders());
                if (metrics != null) {
                    grpc.intercept(CallMetrics.flight(metrics));   // outermost: refused calls are counted too
                }
            });
        FlightServer server = builder.build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
        return new HistorianFlightServer(allocator, server);
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitTermination();
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaitReleasedVectors();
            allocator.close();
        }
    }

    /**
     * A stream's last vectors are released by its own thread just after the call completes, which
     * can be after the server has terminated: give them up to two seconds before the root allocator
     * is closed (which refuses, naming a leak, while memory is still outstanding).
     */
    private void awaitReleasedVectors() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
