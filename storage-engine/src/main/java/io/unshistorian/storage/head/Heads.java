package io.unshistorian.storage.head;

import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.unshistorian.storage.compaction.HeadSource;
import io.unshistorian.storage.write.BatchRejectedException;

/**
 * The engine's heads: the active head that writes go to, and the sealed heads compaction is turning
 * into block files. One lock orders the write path (a batch's WAL append and its head append happen
 * together under it, so WAL order is head order) with sealing and forgetting heads; writers wait
 * under it while the heads hold their memory limit. Readers take {@link #readable()} without
 * locking: an immutable list, replaced whenever a head is sealed or forgotten.
 */
public final class Heads implements HeadSource {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition space = lock.newCondition();
    private final long maxBytes;
    private final String owner;
    private volatile Head active = new Head();
    private volatile List<Head> sealed = List.of();
    private volatile List<Head> readable = List.of(active);
    private boolean closed;

    /**
     * @param maxBytes memory the heads may hold before writers wait
     * @param owner    what the heads belong to, for messages (the data directory)
     */
    public Heads(long maxBytes, String owner) {
        this.maxBytes = maxBytes;
        this.owner = owner;
    }

    /** The head that writes (and WAL replay on open) go to. */
    public Head active() {
        return active;
    }

    /** Sealed heads oldest first, then the active head: what a read must merge. Never changes once returned. */
    public List<Head> readable() {
        return readable;
    }

    /** Memory held by all heads, spare buffer capacity included. */
    public long bytes() {
        long bytes = 0;
        for (Head head : readable) {
            bytes += head.bytes();
        }
        return bytes;
    }

    /** Samples in the heads: what compaction has yet to write into block files. */
    public long samples() {
        long samples = 0;
        for (Head head : readable) {
            samples += head.samples();
        }
        return samples;
    }

    /**
     * Takes the write lock for one batch, first waiting while the heads hold their memory limit.
     * Release it with {@link #unlock()}.
     *
     * @param whileFull called (repeatedly) while waiting: asks compaction to free memory
     * @return the active head, to append the batch to before unlocking
     * @throws BatchRejectedException {@code BACKLOG_FULL} when no memory frees up within the timeout
     * @throws IllegalStateException when the heads are closed meanwhile
     */
    public Head lockForAppend(long timeoutNanos, Runnable whileFull) throws InterruptedIOException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!closed && bytes() >= maxBytes) {
                whileFull.run();
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new BatchRejectedException(BatchRejectedException.Kind.BACKLOG_FULL, -1, null,
                        "write backlog full: the head holds " + bytes() + " bytes (limit " + maxBytes
                            + ") and compaction has not freed memory within "
                            + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms; retry later");
                }
                space.awaitNanos(remaining);
            }
            if (closed) {
                throw new IllegalStateException("storage engine at " + owner + " is closed");
            }
            return active;
        } catch (InterruptedException e) {
            lock.unlock();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for head memory");
        } catch (RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** Releases the write lock taken by {@link #lockForAppend}. */
    public void unlock() {
        lock.unlock();
    }

    @Override
    public Head seal() {
        lock.lock();
        try {
            Head current = active;
            if (current.isEmpty()) {
                return null;
            }
            List<Head> next = new ArrayList<>(sealed);
            next.add(current);
            sealed = List.copyOf(next);
            active = new Head(current);
            publish();
            return current;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void compacted(Head head) {
        lock.lock();
        try {
            List<Head> next = new ArrayList<>(sealed);
            next.remove(head);
            sealed = List.copyOf(next);
            publish();
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void publish() {
        List<Head> next = new ArrayList<>(sealed.size() + 1);
        next.addAll(sealed);
        next.add(active);
        readable = List.copyOf(next);
    }

    /** Wakes every waiting writer, which then fails: the engine is closing. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            space.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
