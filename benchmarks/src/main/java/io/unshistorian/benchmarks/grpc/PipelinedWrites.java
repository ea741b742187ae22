package io.unshistorian.benchmarks.grpc;

import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.unshistorian.client.WriteStream;
import io.unshistorian.grpc.v1.WriteBatch;

/**
 * The harnesses' gRPC write client: one Write stream with a fixed number of batches in flight, each
 * acknowledgement required to accept its batch. GrpcHarness and ForwardHarness's direct figure use the
 * same client, so their figures compare.
 */
final class PipelinedWrites {
    static final int IN_FLIGHT = 8;

    private final WriteStream stream;
    private int inFlight;
    private long accepted;

    PipelinedWrites(Channel channel) {
        this.stream = WriteStream.open(channel);
    }

    /** Sends a batch, first waiting for an acknowledgement while {@link #IN_FLIGHT} are unanswered. */
    void send(WriteBatch batch) throws InterruptedException {
        stream.send(batch);
        inFlight++;
        while (inFlight >= IN_FLIGHT) {
            accepted += stream.nextAccepted(120, TimeUnit.SECONDS);
            inFlight--;
        }
    }

    /** Waits for the remaining acknowledgements, ends the call; returns the samples accepted. */
    long finish() throws InterruptedException {
        while (inFlight > 0) {
            accepted += stream.nextAccepted(120, TimeUnit.SECONDS);
            inFlight--;
        }
        stream.finish();
        return accepted;
    }
}
