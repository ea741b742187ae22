package io.unshistorian.forward;

import java.util.List;

/**
 * What a forwarder sends and how: the namespaces (MQTT filters over edge paths), the path rewrite,
 * samples per Write batch, a rate limit so catch-up after an outage leaves the central room for live
 * traffic, and how many bytes of not-yet-forwarded WAL files the edge keeps before it lets the oldest
 * go (their time span is then sent from the block files).
 *
 * @param name names this edge at the central (with the state's incarnation: the origin of its batches)
 * @param maxSamplesPerSecond 0: as fast as the central acknowledges
 */
public record ForwardOptions(String name, List<String> filters, PathRewrite rewrite, int batchSamples,
                             long maxSamplesPerSecond, long maxBacklogBytes) {
    public static final int DEFAULT_BATCH_SAMPLES = 10_000;
    public static final long DEFAULT_MAX_BACKLOG_BYTES = 8L << 30;

    public ForwardOptions {
        if (name == null || name.isBlank() || name.contains("\n")) {
            throw new IllegalArgumentException("the forwarder needs a name (one line) that identifies this edge");
        }
        filters = List.copyOf(filters.isEmpty() ? List.of("#") : filters);
        if (batchSamples < 1 || batchSamples > 1_000_000) {
            throw new IllegalArgumentException("batch samples must be 1..1000000, got " + batchSamples);
        }
        if (maxSamplesPerSecond < 0 || maxBacklogBytes < 0) {
            throw new IllegalArgumentException("the rate limit and the backlog cap cannot be negative");
        }
    }

    /** Everything, unchanged, 10,000 samples per batch, no rate limit, 8 GiB of backlog. */
    public static ForwardOptions of(String name) {
        return new ForwardOptions(name, List.of("#"), PathRewrite.NONE, DEFAULT_BATCH_SAMPLES, 0,
            DEFAULT_MAX_BACKLOG_BYTES);
    }

    public ForwardOptions withFilters(List<String> newFilters) {
        return new ForwardOptions(name, newFilters, rewrite, batchSamples, maxSamplesPerSecond, maxBacklogBytes);
    }

    public ForwardOptions withRewrite(PathRewrite newRewrite) {
        return new ForwardOptions(name, filters, newRewrite, batchSamples, maxSamplesPerSecond, maxBacklogBytes);
    }

    public ForwardOptions withBatchSamples(int samples) {
        return new ForwardOptions(name, filters, rewrite, samples, maxSamplesPerSecond, maxBacklogBytes);
    }

    public ForwardOptions withRateLimit(long samplesPerSecond) {
        return new ForwardOptions(name, filters, rewrite, batchSamples, samplesPerSecond, maxBacklogBytes);
    }

    public ForwardOptions withMaxBacklogBytes(long bytes) {
        return new ForwardOptions(name, filters, rewrite, batchSamples, maxSamplesPerSecond, bytes);
    }
}
