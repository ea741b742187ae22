package io.unshistorian.server.http;

import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.query.LatestValue;
import io.unshistorian.query.Selection;

/** The time range of some series' samples: what a trend shows for "all data". */
final class SeriesExtent {
    private SeriesExtent() {
    }

    /** {@code [first sample, last sample + 1 ns)} of the selected series, or null when they hold none. */
    static long[] of(Historian historian, Selection selection) {
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
