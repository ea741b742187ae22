package io.unshistorian.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.export.HistorianFlightServer;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.server.http.HistorianHttpServer;
import io.unshistorian.server.http.HttpRoutes;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.AuditEvent;
import io.unshistorian.server.security.JwtSettings;
import io.unshistorian.server.security.Security;
import io.unshistorian.server.security.TlsSettings;
import io.unshistorian.storage.RetentionRule;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.wal.FsyncPolicy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code historian serve}: the gRPC server on a data directory. Settings come from flags, else from
 * a config file ({@code --config}, Java properties with the same names: {@code data}, {@code host},
 * {@code port}, {@code fsync}, {@code max-message-bytes}, {@code retention}, ..., and the {@code
 * mqtt.*} and {@code sparkplug.*} settings of docs/mqtt.md; see {@link ServeConfig}, which refuses
 * any other key), else defaults. SIGTERM and Ctrl-C shut it down
 * gracefully: the MQTT sources store and acknowledge what they received, running calls finish,
 * the head is compacted and checkpointed, files are closed.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the UNS Historian gRPC server on a data directory (127.0.0.1 by default).")
final class ServeCommand implements Callable<Integer> {
    static final int DEFAULT_PORT = 4747;
    static final int DEFAULT_FLIGHT_PORT = 4748;
    static final int DEFAULT_HTTP_PORT = 4749;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the flags' settings under "
        + "their names (data, host, port, flight-port, http-port, fsync, max-message-bytes, auth, retention, tls.cert, tls.key, "
        + "tls.client-ca, jwt.*) and the mqtt.* and sparkplug.* settings of docs/mqtt.md; an unknown key is refused. "
        + "Flags win over it.")
    private Path config;

    @Option(names = "--retention", paramLabel = "FILTER=DURATION", description = "Drop the data of the series "
        + "matching FILTER once older than DURATION (e.g. 'acme/#=365d'), a day (the partition width) at a time; "
        + "repeatable; where several match, the longest applies; other series are kept forever. Config key: "
        + "retention = acme/#=365d, scratch/#=7d (the flags replace it).")
    private List<String> retention;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./historian-data).")
    private Path data;

    @Option(names = "--host", description = "Address to listen on (default: 127.0.0.1).")
    private String host;

    @Option(names = "--port", description = "Port (default: " + DEFAULT_PORT + "; 0 picks a free one).")
    private Integer port;

    @Option(names = "--fsync", description = "WAL fsync policy: NONE, INTERVAL or EVERY_BATCH (default: INTERVAL).")
    private FsyncPolicy fsync;

    @Option(names = "--max-message-bytes", description = "Largest request accepted (default: 16777216).")
    private Integer maxMessageBytes;

    @Option(names = "--flight-port", description = "Arrow Flight port (default: " + DEFAULT_FLIGHT_PORT
        + "; -1 turns Flight off).")
    private Integer flightPort;

    @Option(names = "--http-port", description = "HTTP port: Prometheus /metrics, /healthz, /readyz and the trend "
        + "page (default: " + DEFAULT_HTTP_PORT + "; -1 turns HTTP off). Same TLS and authentication as gRPC.")
    private Integer httpPort;

    @Option(names = "--insecure-remote", description = "Allow a non-loopback address without TLS and "
        + "authentication (only on a network you trust).")
    private boolean insecureRemote;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve gRPC and Flight over TLS with this "
        + "certificate chain (reloaded when the file changes).")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The TLS certificate's private key (PKCS#8 PEM).")
    private Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM", description = "Require client certificates signed by "
        + "these CA certificates (mutual TLS; the certificate's subject is the caller).")
    private Path tlsClientCa;

    @Option(names = "--auth", paramLabel = "MODE", description = "token: every call presents an API token "
        + "(historian token create) or a client certificate; jwt: a JWT of the identity provider (--jwt-*) or a "
        + "client certificate; token,jwt: either; none (default): the listener decides who connects.")
    private String auth;

    @Option(names = "--jwt-jwks", paramLabel = "FILE", description = "The identity provider's public keys (a JWKS "
        + "file, re-read when it changes), for --auth jwt.")
    private Path jwtJwks;

    @Option(names = "--jwt-issuer", paramLabel = "ISS", description = "The issuer (iss) JWTs must carry.")
    private String jwtIssuer;

    @Option(names = "--jwt-audience", paramLabel = "AUD", description = "The audience (aud) JWTs must be for "
        + "(default: not checked).")
    private String jwtAudience;

    @Option(names = "--mqtt", paramLabel = "URL", description = "Record the plain/JSON UNS topics of this MQTT "
        + "broker (tcp://HOST:1883 or ssl://HOST:8883); more settings (mqtt.*) in --config, see docs/mqtt.md.")
    private String mqttBroker;

    @Option(names = "--mqtt-subscribe", paramLabel = "FILTERS", description = "Comma-separated topic filters "
        + "to record (default: #).")
    private String mqttSubscribe;

    @Option(names = "--sparkplug-host-id", paramLabel = "ID", description = "Also be a Sparkplug B primary host "
        + "with this id, on the --mqtt broker (or sparkplug.broker in --config).")
    private String sparkplugHostId;

    @picocli.CommandLine.Mixin
    private StorageSettings storageSettings;

    @picocli.CommandLine.Mixin
    private ForwardSettings forwardSettings;

    @picocli.CommandLine.Mixin
    private ArchiveSchedule archiving;

    @Spec
    private CommandSpec spec;

    /** TLS from the flags, else the config file's {@code tls.cert}, {@code tls.key}, {@code tls.client-ca}. */
    private TlsSettings tlsSettings(Properties file) {
        Path cert = tlsCert != null ? tlsCert : pathOrNull(file.getProperty("tls.cert"));
        Path key = tlsKey != null ? tlsKey : pathOrNull(file.getProperty("tls.key"));
        Path clientCa = tlsClientCa != null ? tlsClientCa : pathOrNull(file.getProperty("tls.client-ca"));
        if (cert == null && key == null && clientCa == null) {
            return null;
        }
        return new TlsSettings(cert, key, clientCa);
    }

    /** JWT settings from the flags, else the config file's {@code jwt.jwks}, {@code jwt.issuer}, {@code jwt.audience}. */
    private JwtSettings jwtSettings(Properties file) {
        Path jwks = jwtJwks != null ? jwtJwks : pathOrNull(file.getProperty("jwt.jwks"));
        if (jwks == null) {
            throw new IllegalArgumentException("--auth jwt needs the identity provider's keys: --jwt-jwks FILE (a "
                + "JWKS file) and --jwt-issuer ISS");
        }
        return new JwtSettings(jwks, jwtIssuer != null ? jwtIssuer : file.getProperty("jwt.issuer"),
            jwtAudience != null ? jwtAudience : file.getProperty("jwt.audience"), file.getProperty("jwt.roles-claim"));
    }

    StorageSettings storageSettings() {
        return storageSettings;
    }

    /** Retention from the --retention flags, else from the config file's {@code retention} key. */
    List<RetentionRule> retentionRules(Properties file) {
        return retention != null ? RetentionSettings.parse(retention, "--retention")
            : RetentionSettings.parse(ServeConfig.items(file.getProperty("retention")), "retention in " + config);
    }

    /**
     * A listener's port: the flag, else the config key, else the default; refused in one line unless
     * 0–65535 (0 picks a free one), or -1 where the listener may be off.
     */
    private static int port(Integer flag, Properties file, String key, int defaultPort, boolean mayBeOff) {
        String text = flag != null ? flag.toString() : file.getProperty(key, Integer.toString(defaultPort)).strip();
        String rule = "--" + key + " is 0-65535 (0 picks a free port)" + (mayBeOff ? " or -1 (off)" : "");
        try {
            int value = Integer.parseInt(text);
            if (value >= (mayBeOff ? -1 : 0) && value <= 65_535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(rule + ", not " + text + (flag != null ? "" : " (" + key + " in the config "
            + "file)"));
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value.strip());
    }

    @Override
    public Integer call() throws Exception {
        Properties file = ServeConfig.load(config);
        List<RetentionRule> retentionRules = retentionRules(file);
        Path directory = data != null ? data : Path.of(file.getProperty("data", "historian-data"));
        String address = host != null ? host : file.getProperty("host", "127.0.0.1");
        int listen = port(port, file, "port", DEFAULT_PORT, false);
        int flight = port(flightPort, file, "flight-port", DEFAULT_FLIGHT_PORT, true);
        int http = port(httpPort, file, "http-port", DEFAULT_HTTP_PORT, true);
        FsyncPolicy policy = fsync != null ? fsync : FsyncPolicy.valueOf(file.getProperty("fsync", "INTERVAL"));
        int maxBytes = maxMessageBytes != null ? maxMessageBytes
            : Integer.parseInt(file.getProperty("max-message-bytes", Integer.toString(HistorianServer.DEFAULT_MAX_MESSAGE_BYTES)));
        if (mqttBroker != null) {
            file.setProperty("mqtt.broker", mqttBroker);
        }
        if (mqttSubscribe != null) {
            file.setProperty("mqtt.subscribe", mqttSubscribe);
        }
        if (sparkplugHostId != null) {
            file.setProperty("sparkplug.host-id", sparkplugHostId);
        }
        TlsSettings tls = tlsSettings(file);
        String authMode = auth != null ? auth : file.getProperty("auth", "none");
        boolean tokens = authMode.equals("token") || authMode.equals("token,jwt");
        boolean jwt = authMode.equals("jwt") || authMode.equals("token,jwt");
        if (!tokens && !jwt && !authMode.equals("none")) {
            throw new IllegalArgumentException("--auth is token, jwt, token,jwt or none, not '" + authMode + "'");
        }
        JwtSettings jwtSettings = jwt ? jwtSettings(file) : null;
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        HistorianMetrics metrics = new HistorianMetrics();
        StorageOptions.Builder storage = StorageOptions.builder().fsyncPolicy(policy).events(metrics.storageEvents());
        retentionRules.forEach(storage::retention);
        storageSettings.applyTo(storage, file);
        StartedServices running = new StartedServices();
        Historian historian = running.add(DataDirectories.open(directory, storage));
        Security security;
        HistorianServer server;
        HistorianFlightServer flightServer;
        HistorianHttpServer httpServer;
        IngestSources sources;
        ForwardSettings.Running forwarder;
        try {
            security = running.add(Security.of(directory, tokens, jwtSettings));
            metrics.watch(historian);
            server = running.add(HistorianServer.start(historian,
                new HistorianServer.Settings(address, listen, maxBytes, insecureRemote, tls, security),
                HistorianVersion.version(), metrics));
            flightServer = flight < 0 ? null
                : running.add(HistorianFlightServer.start(historian, address, flight, insecureRemote, tls, security,
                    metrics));
            sources = running.add(IngestSources.start(historian, file));
            forwarder = running.add(forwardSettings.start(historian, directory, file));
            metrics.watchIngest(sources::report);
            if (forwarder != null) {
                metrics.watchForwarder(forwarder::info);
            }
            httpServer = http < 0 ? null : running.add(HistorianHttpServer.start(
                new HistorianHttpServer.Settings(address, http, insecureRemote, tls, security), metrics,
                HttpRoutes.of(historian, metrics, security)));
            ScheduledExecutorService archive = archiving.start(historian, file);
            if (archive != null) {
                running.add(() -> {
                    archive.shutdownNow();
                    archive.awaitTermination(30, TimeUnit.SECONDS);
                });
            }
        } catch (IOException | RuntimeException e) {
            running.closeAll();
            throw e;
        }
        server.reportIngest(sources::report);
        if (forwarder != null) {
            server.reportForwarder(forwarder::info);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.closeAll();
            stopped.countDown();
        }, "historian-shutdown"));
        String transport = tls == null ? "plaintext" : tls.mutual() ? "TLS, client certificates required" : "TLS";
        out.printf("UNS Historian %s serving historian.v1 on %s:%d (gRPC, %s, health%s)%n",
            HistorianVersion.version(), address, server.port(), transport,
            HistorianServer.reflectionOn(address) ? " and reflection on" : " on, reflection off beyond loopback");
        if (flightServer != null) {
            out.printf("Arrow Flight on %s://%s:%d (tickets: see docs/arrow.md)%n", tls == null ? "grpc" : "grpc+tls",
                address, flightServer.port());
        }
        if (httpServer != null) {
            out.printf("HTTP on %s://%s:%d (trend page at /, docs/trend.md; /metrics, /healthz, /readyz: "
                + "docs/operations.md)%n", tls == null ? "http" : "https", address, httpServer.port());
        }
        out.printf("data directory: %s   fsync: %s   series: %d%n", directory.toAbsolutePath(), policy,
            historian.status().series());
        out.println(retentionRules.isEmpty() ? "retention: none, data is kept forever (--retention FILTER=DURATION)"
            : "retention: " + RetentionSettings.describe(retentionRules));
        if (tokens) {
            out.println(ApiTokens.of(directory).any() ? "API tokens required (or a client certificate)"
                : "API tokens required, and there are none yet: `historian token create NAME --data " + directory + "`");
        }
        if (jwt) {
            out.println("JWTs of " + jwtSettings.issuer() + " accepted (keys: " + jwtSettings.jwks() + ")");
        }
        out.println(security.grantsEnforced() ? "grants enforced (" + directory.resolve("security").resolve("grants")
            + "; historian grant list)" : "grants not enforced: every caller admitted may read and write everything; "
            + "`historian grant` restricts them");
        security.audit(new AuditEvent("server_started", System.getProperty("user.name"), "local", "serve",
            null, true, address + ":" + server.port() + " " + transport + " auth=" + authMode + " grants="
            + (security.grantsEnforced() ? "enforced" : "off")));
        sources.describe().forEach(out::println);
        if (archiving.target(file) != null) {
            out.println("archiving cold days as Parquet to " + archiving.target(file) + " (docs/archive.md)");
        }
        if (forwarder != null) {
            out.printf("forwarding to %s as %s (state: %s; historian forward status)%n", forwarder.target(),
                forwarder.name(), ForwardSettings.stateFile(directory, forwarder.name()));
        }
        out.println("Ctrl-C or SIGTERM stops it gracefully.");
        out.flush();
        stopped.await();
        return 0;
    }
}
