package io.unshistorian.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicReference;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.unshistorian.grpc.v1.ForwardGap;
import io.unshistorian.grpc.v1.ForwarderInfo;

import org.junit.jupiter.api.Test;

/** The forwarder's status as metrics: lag, the gap ledger and completeness follow each scrape's status. */
class ForwarderMetricsTest {
    @Test
    void lagAndGapsFollowTheForwardersStatus() {
        HistorianMetrics metrics = new HistorianMetrics();
        AtomicReference<ForwarderInfo> status = new AtomicReference<>(ForwarderInfo.newBuilder()
            .setEdgeLastSequence(120).setAcknowledged(100).setSamplesForwarded(5_000)
            .setLastAckMs(System.currentTimeMillis() - 30_000)
            .addGaps(ForwardGap.newBuilder().setFromSequence(10).setToSequence(14).setReason("PERMISSION_DENIED"))
            .addBackfilled(ForwardGap.newBuilder().setFromSequence(50).setToSequence(59)).build());
        metrics.watchForwarder(status::get);

        assertEquals(20, gauge(metrics, "historian_forward_lag_batches"));
        assertEquals(5, gauge(metrics, "historian_forward_gap_batches"));
        assertEquals(10, gauge(metrics, "historian_forward_backfilled_batches"));
        assertEquals(0, gauge(metrics, "historian_forward_complete"));
        double lagSeconds = gauge(metrics, "historian_forward_lag_seconds");
        assertEquals(30, lagSeconds, 5, "seconds since the last acknowledgement while behind");
        assertEquals(5_000, counter(metrics, "historian_forward_samples"));

        status.set(ForwarderInfo.newBuilder().setEdgeLastSequence(120).setAcknowledged(120).setComplete(true)
            .setLastAckMs(System.currentTimeMillis() - 600_000).build());
        assertEquals(0, gauge(metrics, "historian_forward_lag_batches"));
        assertEquals(0, gauge(metrics, "historian_forward_lag_seconds"), "caught up: no lag however old the last ack");
        assertEquals(1, gauge(metrics, "historian_forward_complete"));
    }

    private static MetricSnapshot snapshot(HistorianMetrics metrics, String name) {
        return metrics.registry().scrape().stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
            .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    private static double gauge(HistorianMetrics metrics, String name) {
        return ((GaugeSnapshot) snapshot(metrics, name)).getDataPoints().get(0).getValue();
    }

    private static double counter(HistorianMetrics metrics, String name) {
        return ((CounterSnapshot) snapshot(metrics, name)).getDataPoints().get(0).getValue();
    }
}
