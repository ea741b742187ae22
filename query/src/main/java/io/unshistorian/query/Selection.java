package io.unshistorian.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.series.Series;

import org.roaringbitmap.RoaringBitmap;

/**
 * Which series a query reads: one or more exact paths or MQTT-style filters ({@code +} one level,
 * {@code #} the rest), optionally narrowed by tag values. Resolved through the namespace index,
 * never by scanning the catalog; results come in path order.
 */
public final class Selection {
    private final List<String> filters;
    private final Map<String, String> tags;
    private final Predicate<String> visible;

    private Selection(List<String> filters, Map<String, String> tags, Predicate<String> visible) {
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("a selection needs at least one path or filter");
        }
        this.filters = List.copyOf(filters);
        this.tags = Map.copyOf(tags);
        this.visible = visible;
    }

    /** Series matching any of the paths or filters. */
    public static Selection of(String... pathsOrFilters) {
        return new Selection(List.of(pathsOrFilters), Map.of(), null);
    }

    /** Keeps only series whose metadata has tag {@code key} equal to {@code value}. */
    public Selection withTag(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(tags);
        more.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
        return new Selection(filters, more, visible);
    }

    /**
     * Keeps only series whose path {@code visiblePath} accepts (what a caller may read): the others
     * are left out as if they did not exist.
     */
    public Selection visibleOnly(Predicate<String> visiblePath) {
        Objects.requireNonNull(visiblePath);
        return new Selection(filters, tags, visible == null ? visiblePath : visible.and(visiblePath));
    }

    public List<String> filters() {
        return filters;
    }

    public Map<String, String> tags() {
        return tags;
    }

    /**
     * The selected series, in path order.
     *
     * @throws IllegalArgumentException for a malformed filter, naming the problem
     */
    List<Series> resolve(StorageEngine storage) {
        RoaringBitmap ids = new RoaringBitmap();
        for (String filter : filters) {
            ids.or(storage.match(filter));
        }
        List<Series> selected = new ArrayList<>(ids.getCardinality());
        for (int id : ids) {
            Series series = storage.series(id);
            if (series != null && hasTags(series) && (visible == null || visible.test(series.path()))) {
                selected.add(series);
            }
        }
        selected.sort(Comparator.comparing(Series::path));
        return selected;
    }

    private boolean hasTags(Series series) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!tag.getValue().equals(series.metadata().tags().get(tag.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return String.join(",", filters) + (tags.isEmpty() ? "" : " " + tags);
    }
}
