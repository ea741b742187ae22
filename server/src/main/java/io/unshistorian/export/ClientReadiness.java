package io.unshistorian.export;

import org.apache.arrow.flight.FlightProducer.ServerStreamListener;

/**
 * Flight's own back-pressure for a {@code DoGet}: a batch is put only when the client's transport
 * is ready for it, and the producer sleeps until gRPC says it is (its on-ready and on-cancel
 * handlers wake it), instead of polling. The timed wait is a safety net only.
 */
final class ClientReadiness {
    private static final long SAFETY_WAIT_MILLIS = 100;
    private final ServerStreamListener listener;
    private final Object lock = new Object();

    ClientReadiness(ServerStreamListener listener) {
        this.listener = listener;
        listener.setOnReadyHandler(this::wake);
        listener.setOnCancelHandler(this::wake);
    }

    private void wake() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Returns once the client can take the next batch; throws when it cancelled the stream. */
    void await() throws InterruptedException {
        synchronized (lock) {
            while (!listener.isReady() && !listener.isCancelled()) {
                lock.wait(SAFETY_WAIT_MILLIS);
            }
        }
        if (listener.isCancelled()) {
            throw new IllegalStateException("cancelled by the client");
        }
    }
}
