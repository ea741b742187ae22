package io.unshistorian.storage.read;

import java.util.ArrayList;
import java.util.List;

/**
 * The damaged ranges one query met, across every series and read it made; allocates nothing until
 * there is damage. A query passes one to each read and, once it has delivered everything readable,
 * calls {@link #throwIfAny}, so damage is never a silent gap. Not thread-safe.
 */
public final class ReadDamage {
    /** Ranges beyond this many are counted, not kept: damage must not make a query use unbounded memory. */
    static final int MAX_KEPT = 100;

    private List<DamagedRange> ranges;
    private long count;

    void add(DamagedRange range) {
        if (ranges == null) {
            ranges = new ArrayList<>();
        }
        if (ranges.size() < MAX_KEPT) {
            ranges.add(range);
        }
        count++;
    }

    public boolean any() {
        return count > 0;
    }

    /** The damaged ranges met so far (the first {@value #MAX_KEPT}). */
    public List<DamagedRange> ranges() {
        return ranges == null ? List.of() : List.copyOf(ranges);
    }

    /** How many damaged ranges were met, kept or not. */
    public long count() {
        return count;
    }

    /** Throws a {@link DataDamagedException} naming the damage, if any was met. */
    public void throwIfAny() {
        throwIfAny(null);
    }

    /** As {@link #throwIfAny()}, with the cursor that resumes a paged read after what was delivered. */
    public void throwIfAny(String resumeCursor) {
        if (any()) {
            throw new DataDamagedException(ranges(), count, resumeCursor);
        }
    }
}
