package io.unshistorian.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.unshistorian.storage.file.FileSync;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.wal.WalRollPeriod;
import io.unshistorian.storage.write.WriteLimits;

/**
 * Settings of a storage engine. Every setting has a default; build with {@link #builder()}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>partitionWidth</td><td>1 day</td><td>time span of a block file's partition</td></tr>
 *   <tr><td>chunkSpan</td><td>1 h</td><td>chunks are cut at epoch-aligned multiples of this span, so
 *       aggregates over buckets of this span (or multiples) read chunk statistics, not samples</td></tr>
 *   <tr><td>fsyncPolicy</td><td>INTERVAL</td><td>when the WAL is forced to disk ({@link FsyncPolicy})</td></tr>
 *   <tr><td>fsyncInterval</td><td>1 s</td><td>period of the INTERVAL policy</td></tr>
 *   <tr><td>walRollPeriod</td><td>FIVE_MINUTES</td><td>how often the WAL starts a new cycle file; compacted cycles are deleted whole, so the WAL holds about one to two periods of writes</td></tr>
 *   <tr><td>headMaxBytes</td><td>512 MiB, at most a quarter of the JVM's maximum heap</td><td>memory the head may hold; writers wait (then fail)
 *       beyond it until compaction frees memory</td></tr>
 *   <tr><td>compactionThresholdBytes</td><td>64 MiB, at most an eighth of headMaxBytes</td><td>head size that starts a compaction</td></tr>
 *   <tr><td>compactionInterval</td><td>60 s</td><td>longest time between compactions of a non-empty head</td></tr>
 *   <tr><td>mergeFanIn</td><td>4</td><td>blocks of one level in a partition that are merged into one of the next</td></tr>
 *   <tr><td>coldMergeDelay</td><td>10 min</td><td>a partition with several blocks and no writes for this long is merged whole</td></tr>
 *   <tr><td>tierWidth</td><td>the smallest whole multiple of partitionWidth of at least 32 days</td><td>once a
 *       time window of this width has ended and its partitions are cold, they are merged into one block
 *       of the window (so a sparse year is at most 13 files); equal to partitionWidth: no tiering</td></tr>
 *   <tr><td>tierMaxBytes</td><td>256 MiB</td><td>a window whose blocks hold more than this stays in
 *       partitions (dense data gains nothing from wider files, and a block file is at most 2 GiB)</td></tr>
 *   <tr><td>writeTimeout</td><td>30 s</td><td>how long a writer waits for head memory before its batch is refused</td></tr>
 *   <tr><td>limits</td><td>{@link WriteLimits#DEFAULT}</td><td>batch and string size limits</td></tr>
 *   <tr><td>retention</td><td>none</td><td>{@link RetentionRule}s</td></tr>
 *   <tr><td>backgroundCompaction</td><td>true</td><td>run the compactor thread (tests may compact by hand)</td></tr>
 *   <tr><td>compactOnClose</td><td>true</td><td>compact the head on close, so the next open replays nothing</td></tr>
 *   <tr><td>clockMillis</td><td>the system clock</td><td>wall clock, epoch ms: block creation times (cold merges),
 *       retention ages and the WAL's cycle rolling (tests move it)</td></tr>
 * </table>
 */
public final class StorageOptions {
    private final Duration partitionWidth;
    private final Duration chunkSpan;
    private final FsyncPolicy fsyncPolicy;
    private final Duration fsyncInterval;
    private final WalRollPeriod walRollPeriod;
    private final long headMaxBytes;
    private final long compactionThresholdBytes;
    private final Duration compactionInterval;
    private final int mergeFanIn;
    private final Duration coldMergeDelay;
    private final Duration tierWidth;
    private final long tierMaxBytes;
    private final Duration writeTimeout;
    private final WriteLimits limits;
    private final List<RetentionRule> retention;
    private final boolean backgroundCompaction;
    private final boolean compactOnClose;
    private final LongSupplier clockMillis;
    private final ChangeRetention changeRetention;
    private final FileSync fileSync;
    private final StorageEvents events;

    private StorageOptions(Builder b) {
        this.partitionWidth = b.partitionWidth;
        this.chunkSpan = b.chunkSpan;
        this.fsyncPolicy = b.fsyncPolicy;
        this.fsyncInterval = b.fsyncInterval;
        this.walRollPeriod = b.walRollPeriod;
        this.headMaxBytes = b.headMaxBytes;
        this.compactionThresholdBytes = b.threshold();
        this.compactionInterval = b.compactionInterval;
        this.mergeFanIn = b.mergeFanIn;
        this.coldMergeDelay = b.coldMergeDelay;
        this.tierWidth = b.tierWidth();
        this.tierMaxBytes = b.tierMaxBytes;
        this.writeTimeout = b.writeTimeout;
        this.limits = b.limits;
        this.retention = List.copyOf(b.retention);
        this.backgroundCompaction = b.backgroundCompaction;
        this.compactOnClose = b.compactOnClose;
        this.clockMillis = b.clockMillis;
        this.changeRetention = b.changeRetention;
        this.events = b.events;
        this.fileSync = b.fileSync;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static StorageOptions defaults() {
        return builder().build();
    }

    public long partitionWidthNanos() {
        return partitionWidth.toNanos();
    }

    public Duration partitionWidth() {
        return partitionWidth;
    }

    public Duration chunkSpan() {
        return chunkSpan;
    }

    public FsyncPolicy fsyncPolicy() {
        return fsyncPolicy;
    }

    public Duration fsyncInterval() {
        return fsyncInterval;
    }

    public WalRollPeriod walRollPeriod() {
        return walRollPeriod;
    }

    public long headMaxBytes() {
        return headMaxBytes;
    }

    public long compactionThresholdBytes() {
        return compactionThresholdBytes;
    }

    public Duration compactionInterval() {
        return compactionInterval;
    }

    public int mergeFanIn() {
        return mergeFanIn;
    }

    public Duration coldMergeDelay() {
        return coldMergeDelay;
    }

    /** Width of the windows that cold partitions are merged into; {@link #partitionWidth()} when off. */
    public Duration tierWidth() {
        return tierWidth;
    }

    public long tierWidthNanos() {
        return tierWidth.toNanos();
    }

    public long tierMaxBytes() {
        return tierMaxBytes;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    public WriteLimits limits() {
        return limits;
    }

    public List<RetentionRule> retention() {
        return retention;
    }

    public boolean backgroundCompaction() {
        return backgroundCompaction;
    }

    public boolean compactOnClose() {
        return compactOnClose;
    }

    /** Wall clock in epoch ms: block creation times, retention ages, WAL cycles (tests may move it). */
    public LongSupplier clockMillis() {
        return clockMillis;
    }

    /**
     * WAL kept from the open on for a change feed's consumer (a forwarder), as
     * {@code StorageEngine.retainChanges} keeps it; null when none. Set before the open so that no
     * compaction after a restart deletes what the consumer has not read.
     */
    /** Who is told of WAL appends and syncs and of compaction rounds (for metrics). */
    public StorageEvents events() {
        return events;
    }

    public ChangeRetention changeRetention() {
        return changeRetention;
    }

    /** What {@link Builder#changeRetention} keeps: see {@code StorageEngine.retainChanges}. */
    public record ChangeRetention(LongSupplier consumedThrough, long maxBytes, DroppedChanges dropped) {
    }

    /** Where every fsync goes; tests of this package pass one that fails. */
    FileSync fileSync() {
        return fileSync;
    }

    /** Builds {@link StorageOptions}; every setter validates its argument. */
    public static final class Builder {
        private Duration partitionWidth = Duration.ofDays(1);
        private Duration chunkSpan = Duration.ofHours(1);
        private FsyncPolicy fsyncPolicy = FsyncPolicy.INTERVAL;
        private Duration fsyncInterval = Duration.ofSeconds(1);
        private WalRollPeriod walRollPeriod = WalRollPeriod.FIVE_MINUTES;
        /** Sized so the head, reads and compaction fit the heap even when it is small. */
        private long headMaxBytes = Math.max(1L << 20, Math.min(512L << 20, Runtime.getRuntime().maxMemory() / 4));
        private long compactionThresholdBytes = -1;   // unset: follows headMaxBytes
        private Duration compactionInterval = Duration.ofSeconds(60);
        private int mergeFanIn = 4;
        private Duration coldMergeDelay = Duration.ofMinutes(10);
        private Duration tierWidth;   // unset: follows partitionWidth
        private long tierMaxBytes = 256L << 20;
        private Duration writeTimeout = Duration.ofSeconds(30);
        private WriteLimits limits = WriteLimits.DEFAULT;
        private final List<RetentionRule> retention = new ArrayList<>();
        private boolean backgroundCompaction = true;
        private boolean compactOnClose = true;
        private LongSupplier clockMillis = System::currentTimeMillis;
        private ChangeRetention changeRetention;
        private FileSync fileSync = FileSync.DEVICE;
        private StorageEvents events = StorageEvents.NONE;

        public Builder partitionWidth(Duration width) {
            if (width.toNanos() <= 0 || width.toNanos() % 1_000_000_000L != 0) {
                throw new IllegalArgumentException("partition width must be a positive whole number of seconds, got "
                    + width);
            }
            this.partitionWidth = width;
            return this;
        }

        public Builder chunkSpan(Duration span) {
            this.chunkSpan = positive(span, "chunk span");
            return this;
        }

        public Builder fsyncPolicy(FsyncPolicy policy) {
            this.fsyncPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder fsyncInterval(Duration interval) {
            this.fsyncInterval = positive(interval, "fsync interval");
            return this;
        }

        public Builder walRollPeriod(WalRollPeriod period) {
            this.walRollPeriod = Objects.requireNonNull(period);
            return this;
        }

        public Builder headMaxBytes(long bytes) {
            if (bytes < 1 << 20) {
                throw new IllegalArgumentException("head memory must be at least 1 MiB, got " + bytes);
            }
            this.headMaxBytes = bytes;
            return this;
        }

        public Builder compactionThresholdBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("compaction threshold must be positive, got " + bytes);
            }
            this.compactionThresholdBytes = bytes;
            return this;
        }

        public Builder compactionInterval(Duration interval) {
            this.compactionInterval = positive(interval, "compaction interval");
            return this;
        }

        public Builder mergeFanIn(int fanIn) {
            if (fanIn < 2) {
                throw new IllegalArgumentException("merge fan-in must be at least 2, got " + fanIn);
            }
            this.mergeFanIn = fanIn;
            return this;
        }

        public Builder coldMergeDelay(Duration delay) {
            this.coldMergeDelay = Objects.requireNonNull(delay);
            return this;
        }

        /** A whole multiple of the partition width; the partition width itself turns tiering off. */
        public Builder tierWidth(Duration width) {
            this.tierWidth = positive(width, "tier width");
            return this;
        }

        public Builder tierMaxBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("tier size limit must be positive, got " + bytes);
            }
            this.tierMaxBytes = bytes;
            return this;
        }

        /**
         * The width set, or by default the smallest whole multiple of the partition width of at least
         * 32 days: 32 because a year then touches at most 13 windows whatever its alignment.
         */
        private Duration tierWidth() {
            if (tierWidth != null) {
                return tierWidth;
            }
            long width = partitionWidth.toNanos();
            long minimum = Duration.ofDays(32).toNanos();
            return Duration.ofNanos(Math.max(1, (minimum + width - 1) / width) * width);
        }

        public Builder writeTimeout(Duration timeout) {
            this.writeTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder limits(WriteLimits writeLimits) {
            this.limits = Objects.requireNonNull(writeLimits);
            return this;
        }

        /** Reports WAL appends and syncs and compaction rounds to {@code observer} (e.g. a metrics registry). */
        public Builder events(StorageEvents observer) {
            this.events = Objects.requireNonNull(observer);
            return this;
        }

        public Builder retention(RetentionRule rule) {
            this.retention.add(Objects.requireNonNull(rule));
            return this;
        }

        public Builder backgroundCompaction(boolean enabled) {
            this.backgroundCompaction = enabled;
            return this;
        }

        public Builder compactOnClose(boolean enabled) {
            this.compactOnClose = enabled;
            return this;
        }

        /** Keeps the WAL for a change feed's consumer from the open on (see {@link StorageOptions#changeRetention}). */
        public Builder changeRetention(LongSupplier consumedThrough, long maxBytes, DroppedChanges dropped) {
            this.changeRetention = new ChangeRetention(Objects.requireNonNull(consumedThrough), maxBytes,
                Objects.requireNonNull(dropped));
            return this;
        }

        public Builder clockMillis(LongSupplier clock) {
            this.clockMillis = Objects.requireNonNull(clock);
            return this;
        }

        /** Fault injection for this package's tests: every fsync of the engine goes through {@code sync}. */
        Builder fileSync(FileSync sync) {
            this.fileSync = Objects.requireNonNull(sync);
            return this;
        }

        /** The threshold set, or by default 64 MiB, at most an eighth of the head. */
        private long threshold() {
            return compactionThresholdBytes >= 0 ? compactionThresholdBytes
                : Math.max(1, Math.min(64L << 20, headMaxBytes / 8));
        }

        public StorageOptions build() {
            if (tierWidth().toNanos() % partitionWidth.toNanos() != 0) {
                throw new IllegalArgumentException("tier width " + tierWidth + " must be a whole multiple of the "
                    + "partition width " + partitionWidth);
            }
            if (threshold() > headMaxBytes) {
                throw new IllegalArgumentException("compaction threshold " + compactionThresholdBytes
                    + " exceeds head memory " + headMaxBytes);
            }
            return new StorageOptions(this);
        }

        private static Duration positive(Duration value, String what) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
