package io.unshistorian.storage.read;

import java.util.List;

/**
 * Thrown by a read or query after it delivered every sample it could read, when some samples in
 * its range sit in damaged chunks: the results have a gap, and this names it. Catch it to keep a
 * partial result; the damage is also in {@code StorageEngine.problems()} and the log, and
 * {@code historian verify} lists it.
 */
public final class DataDamagedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int NAMED_IN_MESSAGE = 3;

    private final transient List<DamagedRange> ranges;
    private final long count;
    private final String resumeCursor;

    public DataDamagedException(List<DamagedRange> ranges, long count, String resumeCursor) {
        super(message(ranges, count), null, false, false);
        this.ranges = List.copyOf(ranges);
        this.count = count;
        this.resumeCursor = resumeCursor;
    }

    private static String message(List<DamagedRange> ranges, long count) {
        StringBuilder text = new StringBuilder("the result is incomplete: ").append(count)
            .append(" damaged chunk(s) could not be read, everything else was delivered; damaged: ");
        for (int i = 0; i < Math.min(NAMED_IN_MESSAGE, ranges.size()); i++) {
            text.append(i > 0 ? "; " : "").append(ranges.get(i));
        }
        if (count > NAMED_IN_MESSAGE) {
            text.append("; and ").append(count - NAMED_IN_MESSAGE).append(" more");
        }
        return text.append(". Run `historian verify` on the data directory, restore the named files from a "
            + "backup or quarantine them with `historian repair`").toString();
    }

    /** The damaged ranges (the first hundred when there were more; {@link #count()} has them all). */
    public List<DamagedRange> ranges() {
        return ranges;
    }

    public long count() {
        return count;
    }

    /** For a paged raw read: the cursor that resumes after what was delivered, or null when the read finished. */
    public String resumeCursor() {
        return resumeCursor;
    }
}
