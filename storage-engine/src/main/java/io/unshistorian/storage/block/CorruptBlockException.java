package io.unshistorian.storage.block;

import java.io.IOException;
import java.nio.file.Path;

/** A block file's header, footer or trailer is damaged; names the file and the offset. */
public final class CorruptBlockException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public CorruptBlockException(Path file, long offset, String reason) {
        super(file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
