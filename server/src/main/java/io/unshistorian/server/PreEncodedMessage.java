package io.unshistorian.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.grpc.Drainable;
import io.grpc.KnownLength;

/**
 * A response message already in protobuf wire form, sent by a service method in place of the
 * generated message ({@link PreEncodedResponses}): for large streamed responses, which the server
 * writes straight from decoded columns instead of building a message sample by sample. The client
 * parses it as the generated message type; it cannot tell the difference.
 */
final class PreEncodedMessage {
    private final byte[] bytes;

    /** @param bytes the encoded message; owned by this object from now on (a transport may read it later) */
    PreEncodedMessage(byte[] bytes) {
        this.bytes = bytes;
    }

    InputStream stream() {
        return new Stream(bytes);
    }

    /** Known length, drained in one write: gRPC frames it without buffering it again. */
    private static final class Stream extends InputStream implements KnownLength, Drainable {
        private final byte[] bytes;
        private int position;

        Stream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int length = bytes.length - position;
            target.write(bytes, position, length);
            position = bytes.length;
            return length;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == bytes.length) {
                return length == 0 ? 0 : -1;
            }
            int n = Math.min(length, bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public int available() {
            return bytes.length - position;
        }
    }
}
