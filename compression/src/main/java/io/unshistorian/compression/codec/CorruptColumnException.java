package io.unshistorian.compression.codec;

/** An encoded column is truncated or malformed; the message says what was wrong and where. */
public final class CorruptColumnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CorruptColumnException(String message) {
        super(message);
    }
}
