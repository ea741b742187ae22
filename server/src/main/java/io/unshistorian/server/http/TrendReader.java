package io.unshistorian.server.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.embedded.Historian;
import io.unshistorian.query.LatestValue;
import io.unshistorian.query.PlotPoint;
import io.unshistorian.query.QualityMode;
import io.unshistorian.query.Selection;

/**
 * Reads what a trend chart draws: the engine's M4 plot values and the periods to shade, and the
 * extent of the series for "all data". The periods are computed here from a raw read until the
 * query engine reports them itself (the plot-quality-periods work); this class is the one place to
 * swap when it does.
 */
final class TrendReader {
    private final Historian historian;

    TrendReader(Historian historian) {
        this.historian = historian;
    }

    /** A stretch {@code [start, end)} during which a series' value was not Good, by its first such quality. */
    record Period(String path, long start, long end, int quality) {
    }

    void read(Selection selection, long start, long end, int pixels, QualityMode quality,
              Consumer<PlotPoint> points, Consumer<Period> periods) {
        historian.query().plot(selection, start, end, pixels, quality, points);
        // Periods closer than a pixel column are drawn as one band: merge them, at most one per column.
        long column = Math.max(1, (end - start) / pixels);
        Map<String, Period> open = new HashMap<>();
        historian.query().raw(selection, start, end, 0, null, (series, t, v, q, text) -> {
            Period current = open.get(series.path());
            if (!Quality.isGood(q) && current == null) {
                open.put(series.path(), new Period(series.path(), t, end, q));
            } else if (Quality.isGood(q) && current != null && current.end() == end) {
                open.put(series.path(), new Period(series.path(), current.start(), t, current.quality()));
            } else if (!Quality.isGood(q) && current.end() != end) {
                if (t - current.end() < column) {
                    open.put(series.path(), new Period(series.path(), current.start(), end, current.quality()));
                } else {
                    periods.accept(current);
                    open.put(series.path(), new Period(series.path(), t, end, q));
                }
            }
        });
        open.values().forEach(periods);
    }

    /** {@code [first sample, last sample + 1 ns)} of the selected series, or null when they hold none. */
    long[] extent(Selection selection) {
        List<LatestValue> latest = historian.query().latest(selection);
        if (latest.isEmpty()) {
            return null;
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (LatestValue value : latest) {
            long[] earliest = {Long.MAX_VALUE};
            historian.query().raw(Selection.of(value.path()), Long.MIN_VALUE, value.timestamp() + 1, 1, null,
                (series, t, v, q, text) -> earliest[0] = t);
            first = Math.min(first, earliest[0]);
            last = Math.max(last, value.timestamp());
        }
        return new long[] {first, last + 1};
    }
}
