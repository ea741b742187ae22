package io.unshistorian.compression.chunk;

/**
 * A chunk is truncated, fails its checksum, or is malformed. The message says what was wrong and
 * where (offset in the buffer), so the caller can report the file and offset.
 */
public final class CorruptChunkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    public CorruptChunkException(long offset, String reason) {
        super("corrupt chunk at offset " + offset + ": " + reason);
        this.offset = offset;
    }

    public CorruptChunkException(long offset, String reason, Throwable cause) {
        super("corrupt chunk at offset " + offset + ": " + reason, cause);
        this.offset = offset;
    }

    /** The offset of the chunk in the buffer it was read from. */
    public long offset() {
        return offset;
    }
}
