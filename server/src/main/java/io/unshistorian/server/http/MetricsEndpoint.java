package io.unshistorian.server.http;

import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.unshistorian.server.metrics.HistorianMetrics;

/**
 * {@code /metrics}: the registry in the Prometheus text format (or OpenMetrics, as the scraper
 * asks), written by the official client's handler. Callers are authenticated like every API call
 * when the server requires it (Prometheus sends {@code authorization: Bearer} from its scrape
 * config); the metrics name no series, so no grant is needed.
 */
public final class MetricsEndpoint {
    private MetricsEndpoint() {
    }

    public static HttpRoute route(HistorianMetrics metrics) {
        MetricsHandler handler = new MetricsHandler(metrics.registry());
        return new HttpRoute("/metrics", true, (exchange, caller) -> {
            if (HttpResponses.readOnly(exchange)) {
                handler.handle(exchange);
            }
        });
    }
}
