package io.unshistorian.storage.series;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Descriptive metadata of a series: engineering unit, description, engineering range and free
 * key/value tags. Immutable; {@link #EMPTY} has none of them.
 */
public final class SeriesMetadata {
    public static final SeriesMetadata EMPTY = new SeriesMetadata("", "", Double.NaN, Double.NaN, Map.of());

    private final String unit;
    private final String description;
    private final double rangeLow;
    private final double rangeHigh;
    private final Map<String, String> tags;

    public SeriesMetadata(String unit, String description, double rangeLow, double rangeHigh, Map<String, String> tags) {
        this.unit = Objects.requireNonNull(unit, "unit");
        this.description = Objects.requireNonNull(description, "description");
        this.rangeLow = rangeLow;
        this.rangeHigh = rangeHigh;
        this.tags = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(tags, "tags")));
    }

    public String unit() {
        return unit;
    }

    public String description() {
        return description;
    }

    /** Low end of the engineering range, NaN when not set. */
    public double rangeLow() {
        return rangeLow;
    }

    /** High end of the engineering range, NaN when not set. */
    public double rangeHigh() {
        return rangeHigh;
    }

    /** Tags in key order. */
    public Map<String, String> tags() {
        return tags;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SeriesMetadata)) {
            return false;
        }
        SeriesMetadata that = (SeriesMetadata) other;
        return unit.equals(that.unit) && description.equals(that.description)
            && Double.compare(rangeLow, that.rangeLow) == 0 && Double.compare(rangeHigh, that.rangeHigh) == 0
            && tags.equals(that.tags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(unit, description, rangeLow, rangeHigh, tags);
    }

    @Override
    public String toString() {
        return "SeriesMetadata{unit='" + unit + "', description='" + description + "', range=[" + rangeLow + ", "
            + rangeHigh + "], tags=" + tags + "}";
    }
}
