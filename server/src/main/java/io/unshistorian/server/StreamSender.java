package io.unshistorian.server;

import java.util.concurrent.locks.LockSupport;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * Sends the messages of a server stream from the thread that produces them, waiting while the
 * transport is not ready (so a slow client never makes the server buffer a whole result) and
 * stopping when the call is cancelled or its deadline passes.
 */
final class StreamSender<T> {
    /** A client that reads nothing for this long loses its stream. */
    static final long STALL_LIMIT_NANOS = 120_000_000_000L;

    private final ServerCallStreamObserver<T> observer;
    private final Thread producer = Thread.currentThread();

    StreamSender(StreamObserver<T> observer) {
        this.observer = (ServerCallStreamObserver<T>) observer;
        this.observer.setOnReadyHandler(() -> LockSupport.unpark(producer));
    }

    void send(T message) {
        long stalledSince = 0;
        while (!observer.isReady()) {
            checkCancelled();
            long now = System.nanoTime();
            if (stalledSince == 0) {
                stalledSince = now;
            } else if (now - stalledSince > STALL_LIMIT_NANOS) {
                throw Status.RESOURCE_EXHAUSTED.withDescription("the client read nothing for "
                    + STALL_LIMIT_NANOS / 1_000_000_000L + " s; the stream is dropped so it does not hold the server")
                    .asRuntimeException();
            }
            LockSupport.parkNanos(1_000_000L);
        }
        checkCancelled();
        observer.onNext(message);
    }

    void checkCancelled() {
        if (observer.isCancelled()) {
            throw Status.CANCELLED.withDescription("the client cancelled the call or its deadline passed")
                .asRuntimeException();
        }
    }
}
