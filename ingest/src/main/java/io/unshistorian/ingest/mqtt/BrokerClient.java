package io.unshistorian.ingest.mqtt;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The MQTT connection a source uses, the same for MQTT 5 and 3.1.1 ({@link MqttClients} makes
 * one). Reconnects by itself with backoff, rotating through the configured brokers.
 */
public interface BrokerClient extends AutoCloseable {
    /** A message to publish on connect-loss (the will), and on every (re)connect its timestamp is renewed by. */
    interface Will {
        String topic();

        /** The will's payload for a connection made now ({@code millis}: the wall clock at CONNECT). */
        byte[] payload(long millis);
    }

    /** Receives every message, with manual acknowledgement; registered before the connection is made. */
    void onMessage(Consumer<InboundMessage> consumer);

    /** Called on every (re)connect, with whether the broker kept the session; and on every loss. */
    void onConnection(Runnable connected, Runnable lost);

    /**
     * Connects (and keeps reconnecting).
     *
     * @param persistentSession keep the session (subscriptions, queued QoS 1 messages) for {@code
     *                          sessionExpirySeconds} while we are away; false: a clean session
     * @param will              null for none; published retained at QoS 1
     */
    CompletableFuture<Void> connect(boolean persistentSession, long sessionExpirySeconds, Will will);

    CompletableFuture<Void> subscribe(List<String> filters, int qos);

    CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain);

    /** Whether a broker connection is up now. */
    boolean connected();

    /** The wall-clock time (ms) the current connection's will payload was made with. */
    long willMillis();

    /** Disconnects cleanly (no will); stops reconnecting. */
    @Override
    void close();
}
