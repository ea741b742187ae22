package io.unshistorian.server.http;

import java.util.List;
import java.util.Set;

import io.unshistorian.embedded.Historian;
import io.unshistorian.query.LatestValue;
import io.unshistorian.query.Selection;
import io.unshistorian.server.security.Access;
import io.unshistorian.storage.series.Series;

/**
 * {@code /api/v1/latest}: the newest sample of each series of a filter or a list of paths, with its
 * quality, for the page's table of current values.
 */
final class LatestApi {
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 10_000;

    private final Historian historian;

    LatestApi(Historian historian) {
        this.historian = historian;
    }

    /**
     * {@code ?filter=F} or {@code ?path=A&path=B…}, and {@code limit} (default 500, at most 10,000):
     * {@code {"latest": [{path, type, time, value, quality, severity}], "truncated"}} in path order,
     * of the first {@code limit} series selected ({@code truncated} when more are); series without
     * samples are left out.
     */
    String latest(String rawQuery, Access access) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, Set.of("filter", "path", "limit"));
        int limit = (int) parameters.number("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Selection selection;
        if (parameters.has("filter") == parameters.has("path")) {
            throw new IllegalArgumentException("give either parameter 'filter' (an MQTT filter) or one or more "
                + "'path' parameters");
        } else if (parameters.has("filter")) {
            selection = ApiValues.selection("filter", List.of(parameters.required("filter", "an MQTT filter, e.g. acme/#")));
        } else {
            selection = ApiValues.selection("path", PlotApi.exactPaths(parameters.all("path"), MAX_LIMIT));
        }
        // The first `limit` series are chosen before any value is read: a first look at '#' on a large
        // namespace reads 500 newest samples, not one per series of the plant.
        List<Series> series = historian.query().select(access.readable(selection));
        boolean truncated = series.size() > limit;
        List<String> paths = series.subList(0, Math.min(limit, series.size())).stream().map(Series::path).toList();
        List<LatestValue> values = paths.isEmpty() ? List.of()
            : historian.query().latest(Selection.of(paths.toArray(String[]::new)));
        JsonWriter json = new JsonWriter().beginObject().name("latest").beginArray();
        for (LatestValue latest : values) {
            json.beginObject().name("path").value(latest.path()).name("type").value(latest.type().name())
                .name("time");
            ApiValues.millis(json, latest.timestamp());
            json.name("value");
            switch (latest.type()) {
                case STRING -> json.value(latest.text());
                case BOOLEAN -> json.value(latest.valueBits() != 0);
                case LONG -> json.value(latest.valueBits());
                default -> json.value(latest.doubleValue());
            }
            ApiValues.quality(json, latest.quality());
            json.endObject();
        }
        return json.endArray().name("truncated").value(truncated).endObject().toString();
    }
}
