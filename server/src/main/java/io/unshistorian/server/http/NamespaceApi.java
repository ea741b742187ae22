package io.unshistorian.server.http;

import java.util.List;
import java.util.Set;

import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.NamespaceNode;
import io.unshistorian.server.VisibleNamespace;
import io.unshistorian.server.security.Access;
import io.unshistorian.storage.series.Series;

/**
 * {@code /api/v1/browse} (the children of one namespace node, for a tree expanded lazily) and
 * {@code /api/v1/series} (the series matching an MQTT filter, bounded): both show a caller only
 * what it may read, as the gRPC Browse and ListSeries do.
 */
final class NamespaceApi {
    static final int DEFAULT_SERIES = 1_000;
    static final int MAX_SERIES = 10_000;

    private final Historian historian;

    NamespaceApi(Historian historian) {
        this.historian = historian;
    }

    /** {@code ?path=P} (default the root): {@code {"path", "children": [{segment, path, series, children}]}}. */
    String browse(String rawQuery, Access access) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, Set.of("path"));
        String path = parameters.text("path", "");
        if (path.endsWith("/") || path.contains("+") || path.contains("#")) {
            throw new IllegalArgumentException("parameter 'path' must name a node, e.g. acme/dallas, not '" + path
                + "' (no wildcards, no trailing '/')");
        }
        JsonWriter json = new JsonWriter().beginObject().name("path").value(path).name("children").beginArray();
        for (NamespaceNode child : new VisibleNamespace(historian, access).children(path)) {
            json.beginObject().name("segment").value(child.segment()).name("path").value(child.path())
                .name("series").value(child.isSeries()).name("children").value(child.hasChildren()).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /**
     * {@code ?filter=F&limit=N}: {@code {"filter", "series": [{path, type, unit, description,
     * plottable}], "truncated"}}, in path order, at most {@code limit} (default 1,000, at most 10,000).
     */
    String series(String rawQuery, Access access) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, Set.of("filter", "limit"));
        String filter = parameters.required("filter", "an MQTT filter, e.g. acme/+/line1/# or #");
        int limit = (int) parameters.number("limit", DEFAULT_SERIES, 1, MAX_SERIES);
        List<Series> found = historian.query().select(access.readable(ApiValues.selection("filter", List.of(filter))));
        JsonWriter json = new JsonWriter().beginObject().name("filter").value(filter).name("series").beginArray();
        for (Series series : found.subList(0, Math.min(limit, found.size()))) {
            json.beginObject().name("path").value(series.path()).name("type").value(series.type().name())
                .name("unit").value(series.metadata().unit()).name("description").value(series.metadata().description())
                .name("plottable").value(PlotApi.plottable(series.type())).endObject();
        }
        return json.endArray().name("truncated").value(found.size() > limit).endObject().toString();
    }
}
