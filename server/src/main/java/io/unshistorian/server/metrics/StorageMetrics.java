package io.unshistorian.server.metrics;

import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageHealth;
import io.unshistorian.storage.StorageStatus;

/**
 * The storage engine's state as gauges and counters, read from one status snapshot per scrape
 * (a scrape reads a dozen values; the snapshot lists the block files once).
 */
final class StorageMetrics {
    /** A status read within this long is reused: the values of one scrape come from one snapshot. */
    private static final long REUSE_NANOS = 500_000_000L;

    private final Historian historian;
    private StorageStatus last;
    private long readAt;

    private StorageMetrics(Historian historian) {
        this.historian = historian;
    }

    private synchronized StorageStatus status() {
        long now = System.nanoTime();
        if (last == null || now - readAt > REUSE_NANOS) {
            last = historian.status();
            readAt = now;
        }
        return last;
    }

    static void register(PrometheusRegistry registry, Historian historian) {
        StorageMetrics metrics = new StorageMetrics(historian);
        gauge(registry, "historian_series", "Series in the catalog", () -> metrics.status().series());
        gauge(registry, "historian_head_bytes", "Memory held by the in-memory heads",
            () -> metrics.status().headBytes());
        gauge(registry, "historian_compaction_backlog_samples",
            "Samples in the heads that compaction has yet to write into block files",
            () -> metrics.status().headSamples());
        gauge(registry, "historian_block_files", "Live block files", () -> metrics.status().blockFiles());
        gauge(registry, "historian_block_bytes", "Bytes of the live block files", () -> metrics.status().blockBytes());
        gauge(registry, "historian_storage_problems", "Pieces of data found unreadable since the open",
            () -> metrics.status().problems());
        CounterWithCallback.builder().name("historian_compaction_written_bytes")
            .help("Bytes of block files written since the open, by kind (flush of the head, merge)")
            .labelNames("kind").callback(callback -> {
                StorageStatus status = metrics.status();
                callback.call(status.flushedBytes(), "flush");
                callback.call(status.mergedBytes(), "merge");
            }).register(registry);
        GaugeWithCallback.builder().name("historian_health")
            .help("1 for the engine's current health state (HEALTHY, DEGRADED, WRITES_REFUSED), 0 for the others")
            .labelNames("state").callback(callback -> {
                StorageHealth.State current = metrics.status().health().state();
                for (StorageHealth.State state : StorageHealth.State.values()) {
                    callback.call(state == current ? 1 : 0, state.name());
                }
            }).register(registry);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, Supplier<Number> value) {
        GaugeWithCallback.builder().name(name).help(help)
            .callback(callback -> callback.call(value.get().doubleValue())).register(registry);
    }
}
