package io.unshistorian.server.http;

import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.metrics.HistorianMetrics;

/** Every route of {@code historian serve}'s HTTP listener. */
public final class HttpRoutes {
    private HttpRoutes() {
    }

    public static List<HttpRoute> of(Historian historian, HistorianMetrics metrics) {
        List<HttpRoute> routes = new ArrayList<>(HealthEndpoints.routes(historian));
        routes.add(MetricsEndpoint.route(metrics));
        return routes;
    }
}
