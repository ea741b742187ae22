package io.unshistorian.server.security;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;

/**
 * The gRPC server credentials of {@link TlsSettings}, with the certificate, key and client CA
 * re-read from their files every {@value #RELOAD_SECONDS} seconds: a renewed certificate is
 * served to new connections without a restart (open connections keep theirs).
 */
public final class ServerTls implements AutoCloseable {
    static final long RELOAD_SECONDS = 10;

    private final ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "historian-tls-reload");
        thread.setDaemon(true);
        return thread;
    });
    private final ServerCredentials credentials;

    private ServerTls(TlsSettings settings) throws IOException, GeneralSecurityException {
        AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
        keys.updateIdentityCredentials(settings.certificateChain().toFile(), settings.privateKey().toFile(),
            RELOAD_SECONDS, TimeUnit.SECONDS, reloader);
        TlsServerCredentials.Builder builder = TlsServerCredentials.newBuilder().keyManager(keys);
        if (settings.mutual()) {
            AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
            trust.updateTrustCredentials(settings.clientCa().toFile(), RELOAD_SECONDS, TimeUnit.SECONDS, reloader);
            builder.trustManager(trust).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        this.credentials = builder.build();
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

    @Override
    public void close() {
        reloader.shutdownNow();
    }
}
