package io.unshistorian.ingest.mqtt;

import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the MQTT 5 and 3.1.1 clients share: the callback thread (messages handed over in arrival
 * order, off the network threads), the connection listeners, the broker in use and the next one to
 * try, the session and will settings every reconnect repeats, and an orderly close.
 */
abstract class BrokerClientBase implements BrokerClient {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerClient.class);

    protected final MqttSettings settings;
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "uns-historian-mqtt-callbacks");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closing;
    private volatile Runnable connected = () -> { };
    private volatile Runnable lost = () -> { };
    private volatile boolean up;
    protected volatile URI broker;
    protected volatile boolean persistent;
    protected volatile long sessionExpirySeconds;
    protected volatile Will will;
    protected volatile long willMillis;

    protected BrokerClientBase(MqttSettings settings) {
        this.settings = settings;
        this.broker = settings.brokers().get(0);
    }

    /** Runs the client's callbacks in order on our thread; after close, drops them (nothing listens). */
    protected final void callback(Runnable task) {
        if (!closing) {
            callbacks.execute(task);
        }
    }

    protected final void connectionMade() {
        up = true;
        connected.run();
    }

    /** Says why the connection was lost (unless we closed it) and moves on to the next broker. */
    protected final void connectionLost(Throwable cause) {
        up = false;
        if (!closing) {
            LOG.warn("MQTT connection to {} lost: {}", broker, cause.getMessage());
            lost.run();
        }
        broker = MqttClients.next(settings.brokers(), broker);
    }

    @Override
    public final void onConnection(Runnable onConnected, Runnable onLost) {
        this.connected = onConnected;
        this.lost = onLost;
    }

    @Override
    public final boolean connected() {
        return up && !closing;
    }

    @Override
    public final long willMillis() {
        return willMillis;
    }

    /** The will of a CONNECT made now, stamped with now; null when there is none. */
    protected final byte[] willPayloadNow() {
        Will current = will;
        if (current == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        willMillis = now;
        return current.payload(now);
    }

    /** Disconnects cleanly (no will), then stops the callback thread. */
    @Override
    public final void close() {
        closing = true;
        try {
            disconnect();
        } catch (Exception e) {
            // not connected, or the broker is gone: nothing to say goodbye to
        }
        callbacks.shutdown();
    }

    protected abstract void disconnect() throws Exception;
}
