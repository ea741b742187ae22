package io.unshistorian.export;

import java.io.IOException;
import java.net.InetAddress;

import io.unshistorian.embedded.Historian;

import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The Arrow Flight endpoint beside the gRPC API: same historian, same loopback-by-default rule.
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
        if (!InetAddress.getByName(host).isLoopbackAddress() && !allowRemote) {
            throw new IOException("refusing to serve Arrow Flight on " + host + " without TLS and authentication");
        }
        BufferAllocator allocator = new RootAllocator();
        // Endpoints say "this same server" (arrow-flight-reuse-connection), so port 0 needs no restart.
        FlightServer server = FlightServer.builder(allocator, Location.forGrpcInsecure(host, port),
            new HistorianFlightProducer(historian, allocator, Location.reuseConnection())).build();
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
            allocator.close();
        }
    }
}
