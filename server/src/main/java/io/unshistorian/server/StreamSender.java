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
    private final ServerCallStreamObserver<T> observer;
    private final Thread producer = Thread.currentThread();

    StreamSender(StreamObserver<T> observer) {
        this.observer = (ServerCallStreamObserver<T>) observer;
        this.observer.setOnReadyHandler(() -> LockSupport.unpark(producer));
    }

    void send(T message) {
        while (!observer.isReady()) {
            checkCancelled();
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
