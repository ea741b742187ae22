package io.unshistorian.server.http;

import java.util.Map;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Access;
import io.unshistorian.server.security.Security;

/**
 * The JSON API of the trend page under {@code /api/v1/} (GET only, callers authenticated when the
 * server requires it, each seeing only the series it may read): {@code browse}, {@code series},
 * {@code latest} and {@code plot}; docs/trend.md describes them.
 */
public final class TrendApi {
    static final String PREFIX = "/api/v1/";

    private TrendApi() {
    }

    /** One endpoint: a request's raw query string and the caller's access to a JSON answer. */
    @FunctionalInterface
    private interface Answer {
        String json(String rawQuery, Access access);
    }

    /** An endpoint and the query kind its latency is recorded under. */
    private record Endpoint(String kind, Answer answer) {
    }

    public static HttpRoute route(Historian historian, HistorianMetrics metrics, Security security) {
        NamespaceApi namespace = new NamespaceApi(historian);
        LatestApi latest = new LatestApi(historian);
        PlotApi plot = new PlotApi(historian);
        Map<String, Endpoint> endpoints = Map.of(
            "browse", new Endpoint("browse", namespace::browse),
            "series", new Endpoint("browse", namespace::series),
            "latest", new Endpoint("latest", latest::latest),
            "plot", new Endpoint("plot", plot::plot));
        return new HttpRoute(PREFIX, true, (exchange, caller) -> {
            String name = exchange.getRequestURI().getPath().substring(PREFIX.length());
            Endpoint endpoint = endpoints.get(name);
            if (endpoint == null) {
                HttpResponses.error(exchange, 404, "no API endpoint '" + PREFIX + name + "'; there are " + PREFIX
                    + "browse, series, latest and plot (docs/trend.md)");
                return;
            }
            if (!HttpResponses.readOnly(exchange)) {
                return;
            }
            long began = System.nanoTime();
            String json = endpoint.answer().json(exchange.getRequestURI().getRawQuery(),
                security.access(caller.principal()));
            if (metrics != null) {
                metrics.query(endpoint.kind(), "http", System.nanoTime() - began);
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            HttpResponses.json(exchange, 200, json);
        });
    }
}
