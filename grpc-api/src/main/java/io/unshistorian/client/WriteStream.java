package io.unshistorian.client;

import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;

/**
 * One client-side {@code Write} call: sends batches and hands the server's acknowledgements back in
 * order, on the caller's thread. The demo, the importer, the gRPC harness and the tests all write
 * through it, so every writer treats a failed or early-closed stream the same way.
 */
public final class WriteStream {
    private static final Object COMPLETED = new Object();

    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final StreamObserver<WriteBatch> requests;

    private WriteStream(Channel channel) {
        this.requests = HistorianGrpc.newStub(channel).write(new StreamObserver<>() {
            @Override
            public void onNext(WriteAck ack) {
                events.add(ack);
            }

            @Override
            public void onError(Throwable error) {
                events.add(error);
            }

            @Override
            public void onCompleted() {
                events.add(COMPLETED);
            }
        });
    }

    /** Opens a Write call on {@code channel}. */
    public static WriteStream open(Channel channel) {
        return new WriteStream(channel);
    }

    public void send(WriteBatch batch) {
        requests.onNext(batch);
    }

    /** Ends the call at once (batches not yet acknowledged may or may not have been stored). */
    public void cancel(String why) {
        ((io.grpc.stub.ClientCallStreamObserver<WriteBatch>) requests).cancel(why, null);
    }

    /** Half-closes the call: no more batches; acknowledgements still arrive. */
    public void finish() {
        requests.onCompleted();
    }

    /**
     * An acknowledgement that has already arrived, or {@code null} when none has.
     *
     * @throws IllegalStateException if the call failed or the server completed it
     */
    public WriteAck pollAck() {
        Object event = events.poll();
        if (event == null || event instanceof WriteAck) {
            return (WriteAck) event;
        }
        if (event == COMPLETED) {
            throw new IllegalStateException("the server completed the Write call");
        }
        Throwable error = (Throwable) event;
        throw new IllegalStateException("write failed: " + error.getMessage(), error);
    }

    /**
     * The next acknowledgement, or {@code null} once the server has completed the call.
     *
     * @throws IllegalStateException if the call failed or nothing arrived within the timeout
     */
    public WriteAck nextAck(long timeout, TimeUnit unit) throws InterruptedException {
        Object event = events.poll(timeout, unit);
        if (event instanceof WriteAck) {
            return (WriteAck) event;
        }
        if (event == COMPLETED) {
            return null;
        }
        if (event == null) {
            throw new IllegalStateException("no write acknowledgement within " + timeout + " "
                + unit.name().toLowerCase(Locale.ROOT));
        }
        Throwable error = (Throwable) event;
        throw new IllegalStateException("write failed: " + error.getMessage(), error);
    }

    /**
     * The sample count of the next acknowledgement, which must accept its batch.
     *
     * @throws IllegalStateException if the batch was rejected, the call failed or closed, or timed out
     */
    public long nextAccepted(long timeout, TimeUnit unit) throws InterruptedException {
        WriteAck ack = nextAck(timeout, unit);
        if (ack == null) {
            throw new IllegalStateException("the server closed the write stream early");
        }
        if (!ack.getAccepted()) {
            throw new IllegalStateException("batch " + ack.getBatchId() + " rejected: " + ack.getReason());
        }
        return ack.getSamples();
    }
}
