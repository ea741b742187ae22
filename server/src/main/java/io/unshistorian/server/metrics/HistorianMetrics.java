package io.unshistorian.server.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageEvents;
import io.unshistorian.grpc.v1.ForwarderInfo;
import io.unshistorian.grpc.v1.IngestSourceInfo;

/**
 * The metrics of one server, in one Prometheus registry. Counters the server itself increments
 * (samples stored and refused per source, calls, query and storage latencies) live here; what other
 * parts already count (the engine's status, the MQTT and Sparkplug sources, the forwarder) is read
 * through callbacks at each scrape, so nothing is counted twice. Metric names are listed in
 * docs/operations.md.
 */
public final class HistorianMetrics {
    /** Latency buckets, in seconds, from a fast fsync (100 µs) to a slow query (30 s). */
    private static final double[] SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
        0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final LabeledCounts stored = new LabeledCounts();
    private final LabeledCounts refused = new LabeledCounts();
    private final Counter walBytes = Counter.builder().name("historian_wal_bytes")
        .help("Bytes of batch records appended to the write-ahead log").register(registry);
    private final Histogram walSync = Histogram.builder().name("historian_wal_fsync_seconds")
        .help("Time to force the write-ahead log to disk").classicOnly().classicUpperBounds(SECONDS).register(registry);
    private final Histogram compaction = Histogram.builder().name("historian_compaction_seconds")
        .help("Duration of compaction rounds (head flush, merges, retention), by outcome").labelNames("outcome")
        .classicOnly().classicUpperBounds(SECONDS).register(registry);
    private final Histogram queries = Histogram.builder().name("historian_query_seconds")
        .help("Query latency by kind (raw, aggregate, interpolate, plot, latest, browse, export) and API")
        .labelNames("kind", "api").classicOnly().classicUpperBounds(SECONDS).register(registry);
    private final Counter calls = Counter.builder().name("historian_calls")
        .help("Calls by API (grpc, flight, http), method and status").labelNames("api", "method", "status")
        .register(registry);
    private final StorageEvents storageEvents = new StorageEvents() {
        @Override
        public void walAppended(int bytes) {
            walBytes.inc(bytes);
        }

        @Override
        public void walSynced(long nanos) {
            walSync.observe(seconds(nanos));
        }

        @Override
        public void compactionFinished(long nanos, boolean succeeded) {
            compaction.labelValues(succeeded ? "succeeded" : "failed").observe(seconds(nanos));
        }
    };
    private volatile Supplier<List<IngestSourceInfo>> ingestSources = List::of;

    public HistorianMetrics() {
        JvmMetrics.builder().register(registry);
        CounterWithCallback.builder().name("historian_ingest_samples")
            .help("Samples stored, by source (grpc, forwarder, import, mqtt, sparkplug)").labelNames("source")
            .callback(callback -> {
                stored.all().forEach((key, count) -> callback.call(count.sum(), key.first()));
                for (IngestSourceInfo source : ingestSources.get()) {
                    callback.call(source.getSamplesStored(), source.getName());
                }
            }).register(registry);
        CounterWithCallback.builder().name("historian_rejected")
            .help("Samples (gRPC writes) and messages (MQTT, Sparkplug) not stored, by source and reason")
            .labelNames("source", "reason")
            .callback(callback -> {
                refused.all().forEach((key, count) -> callback.call(count.sum(), key.first(), key.second()));
                for (IngestSourceInfo source : ingestSources.get()) {
                    source.getNotStoredMap().forEach((reason, count) -> callback.call(count, source.getName(), reason));
                }
            }).register(registry);
    }

    static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** What the storage engine should report to (pass to {@code StorageOptions.Builder.events} before the open). */
    public StorageEvents storageEvents() {
        return storageEvents;
    }

    /** Reads the engine's status (series, head, blocks, health) at each scrape. */
    public void watch(Historian historian) {
        StorageMetrics.register(registry, historian);
    }

    /** Reads the MQTT and Sparkplug sources' counts and connection state at each scrape. */
    public void watchIngest(Supplier<List<IngestSourceInfo>> sources) {
        ingestSources = sources;
        GaugeWithCallback.builder().name("historian_mqtt_connected")
            .help("1 while the source's broker connection is up, by source (mqtt, sparkplug)").labelNames("source")
            .callback(callback -> sources.get().forEach(source ->
                callback.call(source.getConnected() ? 1 : 0, source.getName()))).register(registry);
        CounterWithCallback.builder().name("historian_mqtt_messages")
            .help("MQTT messages received, by source").labelNames("source")
            .callback(callback -> sources.get().forEach(source ->
                callback.call(source.getMessagesReceived(), source.getName()))).register(registry);
        CounterWithCallback.builder().name("historian_sparkplug_rebirth_requests")
            .help("Sparkplug rebirth requests (NCMD) sent").callback(callback -> sources.get().forEach(source -> {
                if (source.getName().equals("sparkplug")) {
                    callback.call(source.getRebirthRequests());
                }
            })).register(registry);
        CounterWithCallback.builder().name("historian_sparkplug_stale_samples")
            .help("Stale marks written after node deaths or a lost broker connection")
            .callback(callback -> sources.get().forEach(source -> {
                if (source.getName().equals("sparkplug")) {
                    callback.call(source.getStaleSamples());
                }
            })).register(registry);
        GaugeWithCallback.builder().name("historian_sparkplug_nodes_online")
            .help("Sparkplug edge nodes currently born").callback(callback -> sources.get().forEach(source -> {
                if (source.getName().equals("sparkplug")) {
                    callback.call(source.getNodesOnline());
                }
            })).register(registry);
    }

    /** Reads the forwarder's progress and gap ledger at each scrape. */
    public void watchForwarder(Supplier<ForwarderInfo> forwarder) {
        ForwarderMetrics.register(registry, forwarder);
    }

    /** {@code samples} of a batch from {@code source} were stored. */
    public void samplesStored(String source, long samples) {
        stored.add(source, "", samples);
    }

    /** A batch of {@code samples} from {@code source} was refused for {@code reason}. */
    public void samplesRejected(String source, String reason, long samples) {
        refused.add(source, reason, samples);
    }

    /** A call of {@code api} ended with {@code status}. */
    public void call(String api, String method, String status) {
        calls.labelValues(api, method, status).inc();
    }

    /** A query of {@code kind} through {@code api} took {@code nanos}. */
    public void query(String kind, String api, long nanos) {
        queries.labelValues(kind, api).observe(seconds(nanos));
    }
}
