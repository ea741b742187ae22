package io.unshistorian.server.http;

import java.util.ArrayList;
import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Security;

/** Every route of {@code historian serve}'s HTTP listener. */
public final class HttpRoutes {
    private HttpRoutes() {
    }

    public static List<HttpRoute> of(Historian historian, HistorianMetrics metrics, Security security) {
        List<HttpRoute> routes = new ArrayList<>(HealthEndpoints.routes(historian));
        routes.add(MetricsEndpoint.route(metrics));
        routes.add(TrendApi.route(historian, metrics, security));
        routes.add(TrendPage.route());
        return routes;
    }
}
