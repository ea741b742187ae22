package io.unshistorian.storage.write;

import java.time.Instant;

/**
 * Bounds every batch must respect. Timestamps must lie in [{@link #MIN_TIMESTAMP},
 * {@link #MAX_TIMESTAMP}): 1900-01-01 to 2200-01-01 UTC, which keeps the extreme long values
 * free as sentinels and every partition computation far from overflow.
 */
public record WriteLimits(int maxBatchSamples, int maxStringBytes) {
    public static final long MIN_TIMESTAMP = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    public static final long MAX_TIMESTAMP = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    public static final WriteLimits DEFAULT = new WriteLimits(500_000, 4096);

    public WriteLimits {
        if (maxBatchSamples < 1 || maxStringBytes < 0) {
            throw new IllegalArgumentException("maxBatchSamples must be >= 1 and maxStringBytes >= 0, got "
                + maxBatchSamples + " and " + maxStringBytes);
        }
    }
}
