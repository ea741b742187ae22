package io.unshistorian.storage;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.unshistorian.storage.wal.FsyncPolicy;

/**
 * The engine's two daemon threads: the compactor (runs a round when the head passes its threshold,
 * when asked, or at least every compaction interval) and, for the INTERVAL fsync policy, the WAL
 * syncer. Neither dies of a failure: a failed compaction round is reported to the engine's health
 * and retried with exponential backoff (1 s doubling to 1 min); a failed fsync is reported (which
 * refuses writes from then on) and ends the syncer, since nothing it forces afterwards could be
 * trusted. {@link #stop()} ends both and waits for them.
 */
final class BackgroundTasks {
    static final long FIRST_RETRY_MILLIS = 1000;
    static final long MAX_RETRY_MILLIS = 60_000;

    /** One compaction round. */
    @FunctionalInterface
    interface Compaction {
        void run() throws IOException;
    }

    /** Forces the WAL to disk. */
    @FunctionalInterface
    interface WalSync {
        void run() throws IOException;
    }

    private final StorageOptions options;
    private final Compaction compaction;
    private final WalSync walSync;
    private final EngineHealth health;
    private final Object signal = new Object();
    private final Object syncSignal = new Object();
    private Thread compactorThread;
    private Thread syncThread;
    private volatile boolean running;
    private boolean compactRequested;
    private boolean busy;

    BackgroundTasks(StorageOptions options, Compaction compaction, WalSync walSync, EngineHealth health) {
        this.options = options;
        this.compaction = compaction;
        this.walSync = walSync;
        this.health = health;
    }

    void start() {
        running = true;
        if (options.backgroundCompaction()) {
            compactorThread = new Thread(this::compactLoop, "uns-historian-compactor");
            compactorThread.setDaemon(true);
            compactorThread.start();
        }
        if (options.fsyncPolicy() == FsyncPolicy.INTERVAL) {
            syncThread = new Thread(this::syncLoop, "uns-historian-wal-sync");
            syncThread.setDaemon(true);
            syncThread.start();
        }
    }

    /** Called after each write: wakes the compactor once the head's samples pass the threshold. */
    void headGrew(long activeSampleBytes) {
        if (activeSampleBytes >= options.compactionThresholdBytes()) {
            compactSoon();
        }
    }

    void compactSoon() {
        synchronized (signal) {
            compactRequested = true;
            signal.notifyAll();
        }
    }

    private void compactLoop() {
        long intervalNanos = options.compactionInterval().toNanos();
        long lastRound = System.nanoTime();
        long retryMillis = 0;   // > 0 while rounds fail: the wait before the next attempt
        while (running) {
            synchronized (signal) {
                long waitNanos = retryMillis > 0 ? TimeUnit.MILLISECONDS.toNanos(retryMillis) - (System.nanoTime() - lastRound)
                    : intervalNanos - (System.nanoTime() - lastRound);
                boolean due = retryMillis > 0 ? waitNanos <= 0 : compactRequested || waitNanos <= 0;
                if (!due) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(signal, Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(200)));
                    } catch (InterruptedException e) {
                        return;
                    }
                    continue;
                }
                compactRequested = false;
                busy = true;
            }
            long started = System.nanoTime();
            try {
                compaction.run();
                retryMillis = 0;
                health.compactionSucceeded();
                options.events().compactionFinished(System.nanoTime() - started, true);
            } catch (Throwable e) {   // an Error too: the compactor must outlive it and say so
                options.events().compactionFinished(System.nanoTime() - started, false);
                retryMillis = retryMillis == 0 ? FIRST_RETRY_MILLIS : Math.min(retryMillis * 2, MAX_RETRY_MILLIS);
                health.compactionFailed(e, retryMillis);
            } finally {
                synchronized (signal) {
                    busy = false;
                    signal.notifyAll();
                }
                lastRound = System.nanoTime();
            }
        }
    }

    private void syncLoop() {
        long intervalMillis = options.fsyncInterval().toMillis();
        while (running) {
            synchronized (syncSignal) {
                try {
                    syncSignal.wait(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!running) {
                return;
            }
            try {
                walSync.run();
            } catch (IOException e) {
                health.walSyncFailed(e);
                return;
            } catch (RuntimeException e) {
                health.walSyncFailed(new IOException("WAL fsync failed: " + e, e));
                return;
            }
        }
    }

    /** Waits until no compaction round is running or requested. */
    boolean awaitIdle(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (signal) {
            while (busy || compactRequested) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(signal, remaining);
            }
        }
        return true;
    }

    void stop() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        synchronized (syncSignal) {
            syncSignal.notifyAll();
        }
        join(compactorThread);
        join(syncThread);
    }

    private static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
