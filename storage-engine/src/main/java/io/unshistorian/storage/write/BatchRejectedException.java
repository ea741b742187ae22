package io.unshistorian.storage.write;

/**
 * A batch was refused as a whole; nothing of it was stored. Names the first offending sample by
 * its index in the batch and its path, and says why.
 */
public final class BatchRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int sampleIndex;
    private final String path;
    private final String reason;

    public BatchRejectedException(int sampleIndex, String path, String reason) {
        super(sampleIndex < 0 ? "batch rejected: " + reason
            : "batch rejected at sample " + sampleIndex + " (path '" + path + "'): " + reason);
        this.sampleIndex = sampleIndex;
        this.path = path;
        this.reason = reason;
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
