package io.unshistorian.storage.write;

/**
 * A batch was refused as a whole; nothing of it was stored. Says {@link #kind() why} as a type a
 * caller can act on, names the first offending sample by its index in the batch and its path, and
 * explains the reason in words.
 */
public final class BatchRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a batch was refused, and so what the writer can do about it. */
    public enum Kind {
        /** A sample is invalid (path, type, timestamp, string): fix the data; retrying cannot help. */
        INVALID_SAMPLE,
        /** The batch as a whole is too large (samples or encoded bytes): split it. */
        BATCH_TOO_LARGE,
        /** The head is full and compaction has not freed memory in time: retry the same batch later. */
        BACKLOG_FULL,
        /** The data directory's disk has no room for the batch: free space, then retry the same batch. */
        DISK_FULL;

        /** Whether sending the same batch again later can succeed. */
        public boolean retryable() {
            return this == BACKLOG_FULL || this == DISK_FULL;
        }
    }

    private final Kind kind;
    private final int sampleIndex;
    private final String path;
    private final String reason;

    public BatchRejectedException(Kind kind, int sampleIndex, String path, String reason) {
        super(sampleIndex < 0 ? "batch rejected: " + reason
            : "batch rejected at sample " + sampleIndex + " (path '" + path + "'): " + reason);
        this.kind = kind;
        this.sampleIndex = sampleIndex;
        this.path = path;
        this.reason = reason;
    }

    /** An invalid sample at {@code sampleIndex}. */
    public static BatchRejectedException invalid(int sampleIndex, String path, String reason) {
        return new BatchRejectedException(Kind.INVALID_SAMPLE, sampleIndex, path, reason);
    }

    /** A batch too large as a whole. */
    public static BatchRejectedException tooLarge(String reason) {
        return new BatchRejectedException(Kind.BATCH_TOO_LARGE, -1, null, reason);
    }

    /** The disk has no room: nothing of the batch was stored. */
    public static BatchRejectedException diskFull(String reason) {
        return new BatchRejectedException(Kind.DISK_FULL, -1, null, reason);
    }

    public Kind kind() {
        return kind;
    }

    /** Index of the offending sample in the batch, or -1 when the batch as a whole is at fault. */
    public int sampleIndex() {
        return sampleIndex;
    }

    /** Path of the offending sample, or null. */
    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
