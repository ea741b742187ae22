package io.unshistorian.server.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.AccessDenied;
import io.unshistorian.server.security.AuditEvent;
import io.unshistorian.server.security.Authentication;
import io.unshistorian.server.security.Caller;
import io.unshistorian.server.security.Principal;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.ServerTls;
import io.unshistorian.server.security.TlsSettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listener (the JDK's HTTP server, so no web framework rides along): routes each request
 * to its {@link HttpEndpoint} after authenticating the caller as the gRPC API does, answers what
 * goes wrong with a one-line error (never a stack trace), and counts calls by route and status.
 */
public final class HistorianHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HistorianHttpServer.class);
    /** Requests served at once; more wait in the accept queue. A page load makes a handful. */
    private static final int THREADS = 4;

    static {
        // The JDK server's own settings (read once, when its first server is made). Time limits: a
        // request must arrive whole within 30 s and a response be taken within 60 s, so a few slow or
        // stalled clients cannot hold the listener's threads and starve the scrapes and health checks.
        // TCP_NODELAY: without it a response written in pieces waits on the client's delayed ACK
        // (measured: a plot answer 49 ms instead of 8.5). An operator's -D setting wins.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", "30");
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "60");
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ServerTls tls;

    private HistorianHttpServer(HttpServer server, ExecutorService executor, ServerTls tls) {
        this.server = server;
        this.executor = executor;
        this.tls = tls;
    }

    /**
     * Settings of the listener.
     *
     * @param tls      null: plaintext (loopback only, unless {@code allowRemoteWithoutTls})
     * @param security identities and audit, shared with the other listeners (its creator closes it)
     */
    public record Settings(String host, int port, boolean allowRemoteWithoutTls, TlsSettings tls, Security security) {
    }

    /**
     * Starts serving {@code routes}; port 0 picks a free port.
     *
     * @param metrics where calls are counted (null: nowhere)
     */
    public static HistorianHttpServer start(Settings settings, HistorianMetrics metrics, List<HttpRoute> routes)
        throws IOException {
        HistorianServer.checkListening(settings.host(), settings.tls(), settings.security().authenticationRequired(),
            settings.allowRemoteWithoutTls(), "HTTP (metrics, health, trend page)");
        InetSocketAddress socket = new InetSocketAddress(InetAddress.getByName(settings.host()), settings.port());
        ServerTls tls = settings.tls() == null ? null : ServerTls.load(settings.tls());
        HttpServer server;
        try {
            if (tls == null) {
                server = HttpServer.create(socket, 64);
            } else {
                HttpsServer https = HttpsServer.create(socket, 64);
                boolean mutual = settings.tls().mutual();
                https.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext()) {
                    @Override
                    public void configure(HttpsParameters parameters) {
                        SSLParameters ssl = getSSLContext().getDefaultSSLParameters();
                        ssl.setNeedClientAuth(mutual);
                        parameters.setSSLParameters(ssl);
                    }
                });
                server = https;
            }
        } catch (IOException e) {
            if (tls != null) {
                tls.close();
            }
            throw new IOException("cannot listen for HTTP on " + settings.host() + ":" + settings.port() + " ("
                + e.getMessage() + "); choose another --http-port, or -1 to turn HTTP off", e);
        }
        for (HttpRoute route : routes) {
            server.createContext(route.path(), exchange -> serve(exchange, route, settings.security(), metrics));
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "historian-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new HistorianHttpServer(server, executor, tls);
    }

    private static void serve(HttpExchange exchange, HttpRoute route, Security security, HistorianMetrics metrics) {
        Caller caller = null;
        try {   // not try-with-resources: the exchange must stay open for the catch blocks to answer
            caller = authenticate(exchange, route, security);
            if (caller != null) {
                route.endpoint().handle(exchange, caller);
            }
        } catch (AccessDenied denied) {
            security.audit(AuditEvent.denied(caller.principal(), caller.remote(), "HTTP " + exchange.getRequestURI()
                .getPath(), exchange.getRequestURI().getQuery(), denied.getMessage()));
            respondQuietly(exchange, 403, denied.getMessage() + "; ask an administrator for a read grant");
        } catch (IllegalArgumentException bad) {
            respondQuietly(exchange, 400, bad.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            respondQuietly(exchange, 500, "the server could not answer (" + e.getClass().getSimpleName()
                + "); its log has the details");
        } finally {
            exchange.close();
            if (metrics != null) {
                metrics.call("http", route.path(), Integer.toString(exchange.getResponseCode()));
            }
        }
    }

    /**
     * The caller of a request: its client certificate's subject, else its bearer (an API token or a
     * JWT). Null, after answering 401, when the route needs an authenticated caller and there is none.
     */
    private static Caller authenticate(HttpExchange exchange, HttpRoute route, Security security) throws IOException {
        String remote = Authentication.remote(exchange.getRemoteAddress());
        if (exchange instanceof HttpsExchange https) {
            var subject = Authentication.certificateSubject(https.getSSLSession());
            if (subject.isPresent()) {
                return new Caller(Principal.of("cert:" + subject.get()), remote);
            }
        }
        String bearer = Authentication.bearer(exchange.getRequestHeaders().getFirst("Authorization"));
        try {
            Principal principal = bearer == null ? null : security.fromBearer(bearer).orElse(null);
            if (principal == null && route.authenticated() && security.authenticationRequired()) {
                throw new IllegalArgumentException(security.whatToPresent()
                    + " (as a header: Authorization: Bearer TOKEN)");
            }
            return new Caller(principal == null ? Principal.ANONYMOUS : principal, remote);
        } catch (IllegalArgumentException refused) {
            if (!route.authenticated()) {
                return new Caller(Principal.ANONYMOUS, remote);   // a public route: a bad bearer changes nothing
            }
            security.audit(new AuditEvent("authentication_failed", Principal.ANONYMOUS.name(), remote,
                "HTTP " + exchange.getRequestURI().getPath(), null, false, refused.getMessage()));
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            HttpResponses.error(exchange, 401, refused.getMessage());
            return null;
        }
    }

    private static void respondQuietly(HttpExchange exchange, int status, String message) {
        if (exchange.getResponseCode() != -1) {
            return;   // the response had begun: nothing more can be said
        }
        try {
            HttpResponses.error(exchange, status, message);
        } catch (IOException gone) {
            // the client went away
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops listening, letting running requests finish for up to a second. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tls != null) {
            tls.close();
        }
    }
}
