package io.unshistorian.storage.write;

import java.io.IOException;

/**
 * The engine refuses every write until the data directory is reopened, because it can no longer
 * vouch that what it acknowledges reaches the disk (a failed fsync: the page cache may have dropped
 * the dirty pages, so a later fsync that succeeds proves nothing). Nothing of the refused batch was
 * stored. Reads keep working. The message says what failed and what to do.
 */
public final class WritesRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    public WritesRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
