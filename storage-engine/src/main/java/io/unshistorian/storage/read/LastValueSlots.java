package io.unshistorian.storage.read;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;

/**
 * The newest sample of every series, kept in memory so that {@code latest} reads one slot per
 * series instead of heads and chunk headers.
 *
 * <p>A slot is <em>known</em> (holding the newest sample, or known to have none) or <em>unknown</em>
 * (blocks may hold a newer sample than anything written since open). Writes keep known slots
 * current: a sample at a time at least the slot's replaces it, so the last write of the greatest
 * timestamp wins, as in every read. Unknown slots (series that existed at open) are filled once by
 * a reader from the heads and blocks ({@link #fill}). Dropping samples (retention, repair) makes
 * every slot unknown again by moving to a new epoch, since the newest sample may have gone.
 *
 * <p>Concurrency: every change happens under one lock (writers take it once per batch, inside the
 * engine's write lock); readers take no lock. Each slot carries a version, odd while it changes (a
 * sequence lock), so a reader never sees the time of one sample with the value of another.
 */
public final class LastValueSlots {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs per slot: version, time, value bits, state. */
    private static final int STRIDE = 4;
    private static final int VERSION = 0;
    private static final int TIME = 1;
    private static final int VALUE = 2;
    private static final int STATE = 3;
    /** State: {@code epoch << 33 | present << 32 | quality}; a slot of another epoch is unknown. */
    private static final long PRESENT = 1L << 32;
    private static final int EPOCH_SHIFT = 33;

    private final ReentrantLock lock = new ReentrantLock();
    /** Series ids from here on were created since open: their slots start known (and empty). */
    private final int createdSinceOpen;
    private volatile Table table;
    /** Written under the lock only. Starts at 1 so that a zeroed slot is unknown. */
    private volatile long epoch = 1;

    /** Slot storage; replaced whole (never resized in place) so a lock-free reader sees one table. */
    private static final class Table {
        final long[] slots;
        final String[] texts;

        Table(int capacity) {
            this.slots = new long[capacity * STRIDE];
            this.texts = new String[capacity];
        }

        int capacity() {
            return texts.length;
        }
    }

    /** @param createdSinceOpen the first series id not in the catalog at open */
    public LastValueSlots(int createdSinceOpen) {
        this.createdSinceOpen = createdSinceOpen;
        Table initial = new Table(Math.max(16, createdSinceOpen));
        markKnownEmpty(initial, createdSinceOpen);
        this.table = initial;
    }

    /** Slots from {@code from} on belong to series created since open, never written yet: known, no sample. */
    private static void markKnownEmpty(Table slots, int from) {
        long knownEmpty = 1L << EPOCH_SHIFT;
        for (int s = from; s < slots.capacity(); s++) {
            slots.slots[s * STRIDE + STATE] = knownEmpty;
        }
    }

    /**
     * Records an accepted batch, sample by sample in batch order; {@code series[i]} is the series of
     * sample {@code i}. Called inside the engine's write lock, after the batch is in the WAL and head.
     */
    public void record(WriteBatch batch, Series[] series) {
        lock.lock();
        try {
            long current = epoch;
            for (int i = 0; i < batch.size(); i++) {
                offer(series[i].id(), batch.timestamp(i), batch.valueBits(i), batch.quality(i), batch.stringValue(i),
                    current);
            }
        } finally {
            lock.unlock();
        }
    }

    private void offer(int id, long time, long value, int quality, String text, long current) {
        Table slots = id < table.capacity() ? table : grow(id);
        int at = id * STRIDE;
        long state = slots.slots[at + STATE];
        if (state >>> EPOCH_SHIFT != current) {
            return;   // unknown: blocks may hold newer; a fill finds it
        }
        if ((state & PRESENT) != 0 && time < slots.slots[at + TIME]) {
            return;
        }
        write(slots, id, time, value, current << EPOCH_SHIFT | PRESENT | (quality & 0xFFFF_FFFFL), text);
    }

    /** A larger table; new slots of series created since open are known and empty (epoch 1 only). */
    private Table grow(int id) {
        Table old = table;
        Table grown = new Table(Math.max(id + 1, old.capacity() * 2));
        System.arraycopy(old.slots, 0, grown.slots, 0, old.slots.length);
        System.arraycopy(old.texts, 0, grown.texts, 0, old.texts.length);
        if (epoch == 1) {
            markKnownEmpty(grown, Math.max(old.capacity(), createdSinceOpen));
        }
        table = grown;
        return grown;
    }

    /** The caller holds the lock. */
    private static void write(Table slots, int id, long time, long value, long state, String text) {
        int at = id * STRIDE;
        long version = slots.slots[at + VERSION];
        LONGS.setOpaque(slots.slots, at + VERSION, version + 1);
        VarHandle.releaseFence();
        slots.slots[at + TIME] = time;
        slots.slots[at + VALUE] = value;
        slots.slots[at + STATE] = state;
        slots.texts[id] = text;
        LONGS.setRelease(slots.slots, at + VERSION, version + 2);
    }

    /**
     * Hands the newest sample of {@code series} to the visitor (nothing when it has none) and returns
     * true, or returns false without visiting when its slot is unknown.
     */
    public boolean visit(Series series, LatestVisitor visitor) {
        Table slots = table;
        int id = series.id();
        if (id >= slots.capacity()) {
            return id >= createdSinceOpen && epoch == 1;   // created since open, never written
        }
        int at = id * STRIDE;
        long current = epoch;
        long time;
        long value;
        long state;
        String text;
        while (true) {
            long version = (long) LONGS.getAcquire(slots.slots, at + VERSION);
            time = slots.slots[at + TIME];
            value = slots.slots[at + VALUE];
            state = slots.slots[at + STATE];
            text = slots.texts[id];
            VarHandle.acquireFence();
            if ((version & 1) == 0 && version == (long) LONGS.getOpaque(slots.slots, at + VERSION)) {
                break;
            }
            Thread.onSpinWait();
        }
        if (state >>> EPOCH_SHIFT != current) {
            return false;
        }
        if ((state & PRESENT) != 0) {
            visitor.latest(series, time, value, (int) state, text);
        }
        return true;
    }

    /** Whether the slot of {@code series} is known (holds its newest sample, or knows it has none). */
    public boolean known(Series series) {
        Table slots = table;
        int id = series.id();
        if (id >= slots.capacity()) {
            return id >= createdSinceOpen && epoch == 1;
        }
        long state = (long) LONGS.getAcquire(slots.slots, id * STRIDE + STATE);
        return state >>> EPOCH_SHIFT == epoch;
    }

    /** How a fill finds the newest samples: as {@code StorageEngine.latest} did before these slots. */
    @FunctionalInterface
    public interface Source {
        void latest(List<Series> series, LatestVisitor visitor, ReadDamage damage);
    }

    /**
     * Fills the unknown slots of {@code series} from {@code source}, under the lock (writers wait,
     * so none of their samples is missed). Installs nothing when the source met damaged data: those
     * series stay unknown and every read reports the damage.
     */
    public void fill(List<Series> series, Source source) {
        lock.lock();
        try {
            long current = epoch;
            long[] times = new long[series.size()];
            long[] values = new long[series.size()];
            long[] states = new long[series.size()];
            String[] texts = new String[series.size()];
            Arrays.fill(states, current << EPOCH_SHIFT);
            int[] next = {0};
            ReadDamage damage = new ReadDamage();
            source.latest(series, (one, t, v, q, text) -> {
                int k = next[0];
                while (series.get(k) != one) {
                    k++;
                }
                times[k] = t;
                values[k] = v;
                states[k] = current << EPOCH_SHIFT | PRESENT | (q & 0xFFFF_FFFFL);
                texts[k] = text;
                next[0] = k + 1;
            }, damage);
            if (damage.any()) {
                return;
            }
            for (int k = 0; k < series.size(); k++) {
                int id = series.get(k).id();
                Table slots = id < table.capacity() ? table : grow(id);
                if (slots.slots[id * STRIDE + STATE] >>> EPOCH_SHIFT != current) {
                    write(slots, id, times[k], values[k], states[k], texts[k]);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Makes every slot unknown: samples were dropped, so a slot may name one that is gone. */
    public void invalidate() {
        lock.lock();
        try {
            epoch = epoch + 1;
        } finally {
            lock.unlock();
        }
    }
}
