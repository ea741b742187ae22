package io.unshistorian.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import io.grpc.MethodDescriptor;

/**
 * A {@code WriteBatch} request as it arrived: its protobuf bytes, unparsed. The Write method takes
 * these instead of generated messages so that each stream parses its batches straight into the
 * storage batch ({@link WriteBatchReader}), without a message object, a list and a path string per
 * series; and so that a malformed batch is refused by the stream, with a reason, like any other.
 */
final class WireWriteBatch {
    /** Reads a request's bytes as they are; they are parsed later, by the stream that receives them. */
    static final MethodDescriptor.Marshaller<WireWriteBatch> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(WireWriteBatch batch) {
            return new ByteArrayInputStream(batch.bytes);
        }

        @Override
        public WireWriteBatch parse(InputStream stream) {
            try {
                return new WireWriteBatch(stream.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("reading a Write request", e);
            }
        }
    };

    private final byte[] bytes;

    WireWriteBatch(byte[] bytes) {
        this.bytes = bytes;
    }

    byte[] bytes() {
        return bytes;
    }
}
