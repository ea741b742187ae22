package io.unshistorian.server.metrics;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.unshistorian.grpc.v1.ForwardGap;
import io.unshistorian.grpc.v1.ForwarderInfo;

/** An edge's forwarding progress and gap ledger (docs/forwarding.md), read from its status at each scrape. */
final class ForwarderMetrics {
    private ForwarderMetrics() {
    }

    static void register(PrometheusRegistry registry, Supplier<ForwarderInfo> forwarder) {
        gauge(registry, forwarder, "historian_forward_edge_sequence", "The edge's last accepted batch (WAL sequence)",
            ForwarderInfo::getEdgeLastSequence);
        gauge(registry, forwarder, "historian_forward_acknowledged_sequence",
            "Every batch through this one is at the central or listed as a gap", ForwarderInfo::getAcknowledged);
        gauge(registry, forwarder, "historian_forward_lag_batches", "Batches the central has yet to acknowledge",
            info -> Math.max(0, info.getEdgeLastSequence() - info.getAcknowledged()));
        gauge(registry, forwarder, "historian_forward_lag_seconds",
            "Seconds since the central last acknowledged a batch while some are unacknowledged; 0 when caught up",
            info -> info.getEdgeLastSequence() <= info.getAcknowledged() || info.getLastAckMs() == 0 ? 0
                : Math.max(0, System.currentTimeMillis() - info.getLastAckMs()) / 1000.0);
        gauge(registry, forwarder, "historian_forward_gap_batches",
            "Batches that will never reach the central (the gap ledger)", info -> batches(info.getGapsList()));
        gauge(registry, forwarder, "historian_forward_backfilled_batches",
            "Batches deleted from the WAL unsent and sent from the block files instead",
            info -> batches(info.getBackfilledList()));
        gauge(registry, forwarder, "historian_forward_complete",
            "1 when every batch is acknowledged and there are no gaps", info -> info.getComplete() ? 1 : 0);
        CounterWithCallback.builder().name("historian_forward_samples").help("Samples forwarded to the central")
            .callback(callback -> callback.call(forwarder.get().getSamplesForwarded())).register(registry);
    }

    private static long batches(List<ForwardGap> spans) {
        long batches = 0;
        for (ForwardGap span : spans) {
            batches += span.getToSequence() - span.getFromSequence() + 1;
        }
        return batches;
    }

    private static void gauge(PrometheusRegistry registry, Supplier<ForwarderInfo> forwarder, String name, String help,
                              ToDoubleFunction<ForwarderInfo> value) {
        GaugeWithCallback.builder().name(name).help(help)
            .callback(callback -> callback.call(value.applyAsDouble(forwarder.get()))).register(registry);
    }
}
