package io.unshistorian.ingest.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;

/** Makes the {@link BrokerClient} a settings object asks for (HiveMQ's client, MQTT 5 or 3.1.1). */
public final class MqttClients {
    private MqttClients() {
    }

    /**
     * The client library's network threads, made daemon threads: its own are not, and would keep a
     * JVM alive after the historian closed.
     */
    static final Executor NETWORK_THREADS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "uns-historian-mqtt-network");
        thread.setDaemon(true);
        return thread;
    });

    public static BrokerClient create(MqttSettings settings) throws IOException {
        MqttClientSslConfig tls = null;
        if (settings.brokers().stream().anyMatch(MqttSettings::tls)) {
            tls = tls(settings);
        }
        return settings.mqttVersion() == 5 ? new Mqtt5BrokerClient(settings, tls) : new Mqtt3BrokerClient(settings, tls);
    }

    /** Trust from the CA file (else the JVM's), identity from the PKCS#12 key store (else none). */
    static MqttClientSslConfig tls(MqttSettings settings) throws IOException {
        try {
            MqttClientSslConfigBuilder builder = MqttClientSslConfig.builder();
            if (settings.caFile() != null) {
                KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                try (InputStream in = Files.newInputStream(settings.caFile())) {
                    int n = 0;
                    for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trusted.setCertificateEntry("ca-" + n++, certificate);
                    }
                    if (n == 0) {
                        throw new IOException(settings.caFile() + " holds no PEM certificate");
                    }
                }
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(trusted);
                builder.trustManagerFactory(trust);
            }
            if (settings.keyStore() != null) {
                KeyStore identity = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(settings.keyStore())) {
                    identity.load(in, settings.keyStorePassword());
                }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(identity, settings.keyStorePassword());
                builder.keyManagerFactory(keys);
            }
            return builder.protocols(List.of("TLSv1.3", "TLSv1.2")).handshakeTimeout(10, TimeUnit.SECONDS).build();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the MQTT connection: " + e.getMessage(), e);
        }
    }

    /** The next broker of the list after {@code current} (round robin), for a reconnect. */
    static URI next(List<URI> brokers, URI current) {
        int at = brokers.indexOf(current);
        return brokers.get((at + 1) % brokers.size());
    }
}
