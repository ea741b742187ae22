package io.unshistorian.server.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;

/**
 * The server side of {@link TlsSettings}, as gRPC credentials and as an {@link SSLContext} (for the
 * HTTP listener), with the certificate, key and client CA re-read from their files every
 * {@value #RELOAD_SECONDS} seconds: a renewed certificate is served to new connections without a
 * restart (open connections keep theirs).
 */
public final class ServerTls implements AutoCloseable {
    static final long RELOAD_SECONDS = 10;

    private final ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "historian-tls-reload");
        thread.setDaemon(true);
        return thread;
    });
    private final ServerCredentials credentials;
    private final SSLContext sslContext;

    private ServerTls(TlsSettings settings) throws IOException, GeneralSecurityException {
        AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
        keys.updateIdentityCredentials(settings.certificateChain().toFile(), settings.privateKey().toFile(),
            RELOAD_SECONDS, TimeUnit.SECONDS, reloader);
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
        AdvancedTlsX509TrustManager trust = null;
        if (settings.mutual()) {
            trust = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
            trust.updateTrustCredentials(settings.clientCa().toFile(), RELOAD_SECONDS, TimeUnit.SECONDS, reloader);
            builder.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        this.credentials = builder.build();
        this.sslContext = SSLContext.getInstance("TLS");
        sslContext.init(new KeyManager[] {keys}, trust == null ? null : new TrustManager[] {trust}, null);
    }

    /** Reads the files now (a bad file fails here, with what is wrong), and keeps re-reading them. */
    public static ServerTls load(TlsSettings settings) throws IOException {
        try {
            return new ServerTls(settings);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IOException("cannot use the TLS files " + settings.certificateChain() + ", "
                + settings.privateKey() + (settings.mutual() ? ", " + settings.clientCa() : "") + ": " + e.getMessage(),
                e);
        }
    }

    public ServerCredentials credentials() {
        return credentials;
    }

    /** The same key (and client CA, for mutual TLS) for a JDK HTTPS server; client certificates are then required. */
    public SSLContext sslContext() {
        return sslContext;
    }

    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
