package io.unshistorian.storage.file;

import java.io.IOException;

/**
 * Tells a full disk from other I/O failures. Java reports ENOSPC (and EDQUOT) as a plain
 * {@link IOException} whose message is the operating system's; the engine turns those into a
 * retryable refusal instead of a storage failure.
 */
public final class DiskFull {
    private DiskFull() {
    }

    /** Whether {@code failure}, or a cause of it, says the disk or the quota is full. */
    public static boolean is(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (cause instanceof DiskFullException || message != null && (message.contains("No space left on device")
                || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** A write refused because the disk has no room for it; nothing was written. */
    public static final class DiskFullException extends IOException {
        private static final long serialVersionUID = 1L;

        public DiskFullException(String message) {
            super(message);
        }
    }
}
