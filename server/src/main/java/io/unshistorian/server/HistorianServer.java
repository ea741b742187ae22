package io.unshistorian.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.ForwarderInfo;
import io.unshistorian.grpc.v1.IngestSourceInfo;
import io.unshistorian.server.metrics.CallMetrics;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Authentication;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.ServerTls;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.storage.StorageHealth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gRPC server: the {@code historian.v1.Historian} service, the standard health service and
 * server reflection, on one address (127.0.0.1 by default). The health service follows the storage
 * engine's health. Listening beyond loopback needs an explicit opt-out of the TLS and
 * authentication requirement (the security layer is issue 14).
 */
public final class HistorianServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistorianServer.class);
    public static final String SERVICE_NAME = "historian.v1.Historian";
    /** Largest request by default: a batch of some 500,000 numeric samples; the transport buffers it whole. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 << 20;
    /** How often the standard health service is brought in line with the storage engine's health. */
    static final long HEALTH_POLL_MILLIS = 1000;

    private final Server server;
    private final HealthStatusManager health;
    private final ScheduledExecutorService healthPoller;
    private final HistorianService service;
    private final ServerTls tls;

    private HistorianServer(Server server, HealthStatusManager health, ScheduledExecutorService healthPoller,
                            HistorianService service, ServerTls tls) {
        this.server = server;
        this.service = service;
        this.tls = tls;
        this.health = health;
        this.healthPoller = healthPoller;
    }

    /**
     * Settings of a server.
     *
     * @param tls      null: plaintext (loopback only, unless {@code allowRemoteWithoutTls})
     * @param security identities, grants, limits and audit (its creator closes it, after every listener)
     */
    public record Settings(String host, int port, int maxInboundMessageBytes, boolean allowRemoteWithoutTls,
                           TlsSettings tls, Security security) {
        public Settings(String host, int port, int maxInboundMessageBytes, boolean allowRemoteWithoutTls) {
            this(host, port, maxInboundMessageBytes, allowRemoteWithoutTls, null, Security.none());
        }

        public static Settings loopback(int port) {
            return new Settings("127.0.0.1", port, DEFAULT_MAX_MESSAGE_BYTES, false, null, Security.none());
        }
    }

    /**
     * The one listening rule of every listener: loopback, or TLS with every caller authenticated
     * (client certificates, or API tokens), or the explicit opt-out.
     */
    public static void checkListening(String host, TlsSettings tls, boolean tokensRequired,
                                      boolean allowRemoteWithoutTls, String what) throws IOException {
        if (InetAddress.getByName(host).isLoopbackAddress() || allowRemoteWithoutTls
            || tls != null && (tls.mutual() || tokensRequired)) {
            return;
        }
        throw new IOException("refusing to serve " + what + " on " + host + " without TLS and client authentication: "
            + "set --tls-cert and --tls-key, and --tls-client-ca or --auth token; listen on 127.0.0.1; or opt out "
            + "explicitly (--insecure-remote) on a network you trust");
    }

    /** Starts serving {@code historian}; port 0 picks a free port. */
    public static HistorianServer start(Historian historian, Settings settings, String version) throws IOException {
        return start(historian, settings, version, null);
    }

    /**
     * Starts serving {@code historian}, counting calls, query latencies and written samples in
     * {@code metrics} (null: none kept); port 0 picks a free port.
     */
    public static HistorianServer start(Historian historian, Settings settings, String version,
                                        HistorianMetrics metrics) throws IOException {
        InetAddress address = InetAddress.getByName(settings.host());
        checkListening(settings.host(), settings.tls(), settings.security().authenticationRequired(),
            settings.allowRemoteWithoutTls(), "the gRPC API");
        ServerTls tls = settings.tls() == null ? null : ServerTls.load(settings.tls());
        HealthStatusManager health = new HealthStatusManager();
        HistorianService service = new HistorianService(historian, version, settings.security());
        service.reportMetrics(metrics);
        InetSocketAddress socket = new InetSocketAddress(address, settings.port());
        ServerBuilder<?> builder = (tls == null ? NettyServerBuilder.forAddress(socket)
            : NettyServerBuilder.forAddress(socket, tls.credentials()))
            .maxInboundMessageSize(settings.maxInboundMessageBytes())
            .intercept(new Authentication(settings.security()))
            .addService(service.bindService())
            .addService(health.getHealthService());
        if (metrics != null) {
            builder.intercept(CallMetrics.grpc(metrics));   // added last, so it runs first: refusals are counted too
        }
        if (reflectionOn(settings.host())) {
            // Reflection helps grpcurl and friends on the machine itself; beyond it, it maps the API
            // for whoever connects, so a plant-network listener does not offer it.
            builder.addService(ProtoReflectionServiceV1.newInstance());
        }
        Server server = builder.build().start();
        reportHealth(historian, health);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "historian-health");
            thread.setDaemon(true);
            return thread;
        });
        poller.scheduleWithFixedDelay(() -> reportHealth(historian, health), HEALTH_POLL_MILLIS, HEALTH_POLL_MILLIS,
            TimeUnit.MILLISECONDS);
        return new HistorianServer(server, health, poller, service, tls);
    }

    /** Whether server reflection is offered: on loopback only. */
    public static boolean reflectionOn(String host) throws IOException {
        return InetAddress.getByName(host).isLoopbackAddress();
    }

    /** Lets ServerInfo report forwarding to a central, as {@code info} says (null: not forwarding). */
    public void reportForwarder(Supplier<ForwarderInfo> info) {
        service.reportForwarder(info);
    }

    /** Lets ServerInfo report the server's ingest sources (MQTT, Sparkplug), as {@code sources} says. */
    public void reportIngest(Supplier<List<IngestSourceInfo>> sources) {
        service.reportIngest(sources);
    }

    /**
     * The standard health service follows the engine: NOT_SERVING while writes are refused (the
     * historian cannot record, which is its job; ServerInfo says why), SERVING otherwise.
     */
    private static void reportHealth(Historian historian, HealthStatusManager health) {
        HealthCheckResponse.ServingStatus status;
        try {
            status = historian.health().state() == StorageHealth.State.WRITES_REFUSED
                ? HealthCheckResponse.ServingStatus.NOT_SERVING : HealthCheckResponse.ServingStatus.SERVING;
        } catch (IllegalStateException closed) {
            status = HealthCheckResponse.ServingStatus.NOT_SERVING;
        }
        health.setStatus(SERVICE_NAME, status);
        health.setStatus("", status);
    }

    /** The historian.v1 service alone, for an in-process server over a directory opened directly. */
    public static io.grpc.ServerServiceDefinition service(Historian historian, String version) {
        return new HistorianService(historian, version, Security.none()).bindService();
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
        healthPoller.shutdownNow();
        if (tls != null) {
            tls.close();
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("calls still running after 10 s; cancelling them");
                server.shutdownNow();
                server.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
