package io.unshistorian.storage;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import io.unshistorian.storage.wal.FsyncPolicy;

/**
 * The engine's two daemon threads: the compactor (runs a round when the head passes its threshold,
 * when asked, or at least every compaction interval) and, for the INTERVAL fsync policy, the WAL
 * syncer. {@link #stop()} ends both and waits for them.
 */
final class BackgroundTasks {
    private static final System.Logger LOG = System.getLogger(BackgroundTasks.class.getName());

    private final StorageEngine engine;
    private final StorageOptions options;
    private final Object signal = new Object();
    private final Object syncSignal = new Object();
    private Thread compactorThread;
    private Thread syncThread;
    private volatile boolean running;
    private boolean compactRequested;
    private boolean busy;

    BackgroundTasks(StorageEngine engine, StorageOptions options) {
        this.engine = engine;
        this.options = options;
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
        while (running) {
            synchronized (signal) {
                long waitNanos = intervalNanos - (System.nanoTime() - lastRound);
                if (!compactRequested && waitNanos > 0 && running) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(signal, Math.min(waitNanos, TimeUnit.MILLISECONDS.toNanos(200)));
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!compactRequested && System.nanoTime() - lastRound < intervalNanos) {
                        continue;
                    }
                }
                compactRequested = false;
                busy = true;
            }
            try {
                engine.compactNowFromBackground();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "compaction round failed; retrying in the next round", e);
                sleepQuietly(1000);
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
                engine.syncWal();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "WAL fsync failed", e);
            }
        }
    }

    /** Waits until no compaction round is running. */
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

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
