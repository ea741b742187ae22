package io.unshistorian.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's contract, against a scripted service in process (the real server lives in a module
 * above this one and is tested end to end there): acknowledgements in order, a rejection or a
 * failed call turned into a clear exception, an early close and a silent server noticed.
 */
class WriteStreamTest {
    private Server server;
    private ManagedChannel channel;

    /** Accepts batches with even ids (one sample each), rejects odd ones, fails the call on id 99. */
    private static final class ScriptedService extends HistorianGrpc.HistorianImplBase {
        @Override
        public StreamObserver<WriteBatch> write(StreamObserver<WriteAck> acks) {
            return new StreamObserver<>() {
                @Override
                public void onNext(WriteBatch batch) {
                    long id = batch.getBatchId();
                    if (id == 99) {
                        acks.onError(Status.UNAVAILABLE.withDescription("writes refused: WAL fsync failed")
                            .asRuntimeException());
                    } else if (id == 42) {
                        acks.onCompleted();
                    } else if (id == 7) {
                        return;   // never answered
                    } else {
                        acks.onNext(id % 2 == 0
                            ? WriteAck.newBuilder().setBatchId(id).setAccepted(true).setSamples(1).build()
                            : WriteAck.newBuilder().setBatchId(id).setAccepted(false).setReason("type mismatch")
                                .setRejection(Rejection.INVALID_SAMPLE).build());
                    }
                }

                @Override
                public void onError(Throwable error) {
                }

                @Override
                public void onCompleted() {
                    acks.onCompleted();
                }
            };
        }
    }

    @BeforeEach
    void start() throws Exception {
        String name = "write-stream-" + System.nanoTime();
        server = InProcessServerBuilder.forName(name).addService(new ScriptedService()).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static WriteBatch batch(long id) {
        return WriteBatch.newBuilder().setBatchId(id).build();
    }

    @Test
    void acknowledgementsComeBackInOrderAndRejectionsSayWhy() throws Exception {
        WriteStream writes = WriteStream.open(channel);
        writes.send(batch(2));
        writes.send(batch(3));
        writes.send(batch(4));
        assertEquals(1, writes.nextAccepted(5, TimeUnit.SECONDS));
        IllegalStateException rejected = assertThrows(IllegalStateException.class,
            () -> writes.nextAccepted(5, TimeUnit.SECONDS));
        assertEquals("batch 3 rejected: type mismatch", rejected.getMessage());
        WriteAck ack = writes.nextAck(5, TimeUnit.SECONDS);
        assertTrue(ack.getAccepted());
        assertEquals(4, ack.getBatchId());
        writes.finish();
        assertNull(writes.nextAck(5, TimeUnit.SECONDS), "the server completed the call");
    }

    @Test
    void aFailedCallSaysWhatTheServerSaid() {
        WriteStream writes = WriteStream.open(channel);
        writes.send(batch(99));
        IllegalStateException failed = assertThrows(IllegalStateException.class,
            () -> writes.nextAck(5, TimeUnit.SECONDS));
        assertTrue(failed.getMessage().contains("writes refused: WAL fsync failed"), failed.getMessage());
    }

    @Test
    void anEarlyCloseAndASilentServerAreNoticed() throws Exception {
        WriteStream closing = WriteStream.open(channel);
        closing.send(batch(42));
        IllegalStateException early = assertThrows(IllegalStateException.class,
            () -> closing.nextAccepted(5, TimeUnit.SECONDS));
        assertEquals("the server closed the write stream early", early.getMessage());

        WriteStream silent = WriteStream.open(channel);
        silent.send(batch(7));
        IllegalStateException timeout = assertThrows(IllegalStateException.class,
            () -> silent.nextAck(200, TimeUnit.MILLISECONDS));
        assertFalse(timeout.getMessage().isEmpty());
        assertTrue(timeout.getMessage().contains("no write acknowledgement within 200 milliseconds"),
            timeout.getMessage());
    }
}
