package io.unshistorian.server.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.embedded.Historian;
import io.unshistorian.query.PlotPoint;
import io.unshistorian.query.QualityMode;
import io.unshistorian.query.QualityPeriod;
import io.unshistorian.query.Selection;
import io.unshistorian.server.security.Access;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.TopicFilter;

/**
 * {@code /api/v1/plot}: what a trend chart draws for a few series over {@code [start, end)} at a
 * given pixel width — the M4 samples of each pixel column (first, last, min and max, so about
 * 4 × width points per series however many samples the range holds) and the periods during which
 * a series' value was not Good, for the chart to shade.
 */
final class PlotApi {
    static final int MAX_PATHS = 16;
    /** Wider than any screen, far below the engine's own bound. */
    static final int MAX_PIXELS = 10_000;

    private final Historian historian;

    PlotApi(Historian historian) {
        this.historian = historian;
    }

    static boolean plottable(ValueType type) {
        return type != ValueType.STRING;
    }

    /**
     * {@code ?path=A&path=B…&pixels=W[&start=MS&end=MS][&quality=good|all]}; without start and end,
     * the range of every sample of the series. Answers {@code {"start", "end", "pixels", "series":
     * [{path, type, t: [...], v: [...], periods: [{start, end, quality, severity}]}], "skipped":
     * [{path, reason}]}}.
     */
    String plot(String rawQuery, Access access) {
        QueryParameters parameters = QueryParameters.parse(rawQuery, Set.of("path", "start", "end", "pixels", "quality"));
        List<String> paths = exactPaths(parameters.all("path"), MAX_PATHS);
        int pixels = (int) parameters.number("pixels", -1, 1, MAX_PIXELS);
        if (pixels < 0) {
            throw new IllegalArgumentException("parameter 'pixels' is missing: give the chart's width in pixels (1 to "
                + MAX_PIXELS + ")");
        }
        QualityMode quality = qualityMode(parameters.text("quality", "good"));
        Selection selection = access.readable(ApiValues.selection("path", paths));

        Map<String, Trace> traces = new LinkedHashMap<>();
        List<String[]> skipped = new ArrayList<>();
        for (String path : paths) {
            Series series = historian.series(path).orElse(null);
            if (series == null) {
                skipped.add(new String[] {path, "no series at this path"});
            } else if (!plottable(series.type())) {
                skipped.add(new String[] {path, "a STRING series is listed, not plotted"});
            } else {
                traces.putIfAbsent(path, new Trace(series));
            }
        }
        long[] range = range(parameters, selection);
        if (range != null && !traces.isEmpty()) {
            historian.query().plot(selection, range[0], range[1], pixels, quality,
                point -> traces.get(point.path()).add(point),
                period -> traces.get(period.path()).periods.add(period));
        }

        JsonWriter json = new JsonWriter().beginObject();
        if (range != null) {
            json.name("start");
            ApiValues.millis(json, range[0]);
            json.name("end");
            ApiValues.millis(json, range[1]);
        }
        json.name("pixels").value(pixels).name("series").beginArray();
        for (Trace trace : traces.values()) {
            trace.write(json);
        }
        json.endArray().name("skipped").beginArray();
        for (String[] skip : skipped) {
            json.beginObject().name("path").value(skip[0]).name("reason").value(skip[1]).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** The requested range in ns, or the series' whole extent when none is given (null: no samples). */
    private long[] range(QueryParameters parameters, Selection selection) {
        if (!parameters.has("start") && !parameters.has("end")) {
            return SeriesExtent.of(historian, selection);
        }
        String rule = "parameters 'start' and 'end' go together, epoch milliseconds with start < end (or leave both "
            + "out for all data)";
        if (!parameters.has("start") || !parameters.has("end")) {
            throw new IllegalArgumentException(rule);
        }
        long start = ApiValues.nanos(parameters.number("start", 0, Long.MIN_VALUE, Long.MAX_VALUE), "start");
        long end = ApiValues.nanos(parameters.number("end", 0, Long.MIN_VALUE, Long.MAX_VALUE), "end");
        if (start >= end) {
            throw new IllegalArgumentException(rule);
        }
        return new long[] {start, end};
    }

    private static QualityMode qualityMode(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "good" -> QualityMode.GOOD_ONLY;
            case "all" -> QualityMode.ALL;
            default -> throw new IllegalArgumentException("parameter 'quality' must be good (plot Good samples only, "
                + "the default) or all, not '" + text + "'");
        };
    }

    /**
     * Series paths from {@code path} parameters: at least one, at most {@code max}, no wildcards.
     *
     * @throws IllegalArgumentException saying which rule a path breaks
     */
    static List<String> exactPaths(List<String> paths, int max) {
        if (paths.isEmpty() || paths.size() > max) {
            throw new IllegalArgumentException("give 1 to " + max + " 'path' parameters, not " + paths.size());
        }
        for (String path : paths) {
            if (path.isEmpty() || !TopicFilter.isExactPath(path)) {
                throw new IllegalArgumentException("parameter 'path' must be a series path without wildcards, not '"
                    + path + "'");
            }
        }
        return paths;
    }

    /** One series' points, in time order, and its shaded periods. */
    private static final class Trace {
        final Series series;
        final List<QualityPeriod> periods = new ArrayList<>();
        private final long[] pixelTimes = new long[4];
        private final double[] pixelValues = new double[4];
        private long[] times = new long[256];
        private double[] values = new double[256];
        private int size;

        Trace(Series series) {
            this.series = series;
        }

        /** The distinct samples among a column's first, min, max and last, in time order. */
        void add(PlotPoint point) {
            int n = 0;
            n = put(n, point.firstTime(), point.first());
            n = put(n, point.minTime(), point.min());
            n = put(n, point.maxTime(), point.max());
            n = put(n, point.lastTime(), point.last());
            for (int i = 0; i < n; i++) {
                append(pixelTimes[i], pixelValues[i]);
            }
        }

        /** Inserts a sample among the column's n sorted ones unless one has its time; the new count. */
        private int put(int n, long time, double value) {
            int at = n;
            while (at > 0 && pixelTimes[at - 1] > time) {
                at--;
            }
            if (at > 0 && pixelTimes[at - 1] == time) {
                return n;
            }
            System.arraycopy(pixelTimes, at, pixelTimes, at + 1, n - at);
            System.arraycopy(pixelValues, at, pixelValues, at + 1, n - at);
            pixelTimes[at] = time;
            pixelValues[at] = value;
            return n + 1;
        }

        private void append(long time, double value) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            times[size] = time;
            values[size] = value;
            size++;
        }

        void write(JsonWriter json) {
            json.beginObject().name("path").value(series.path()).name("type").value(series.type().name())
                .name("t").beginArray();
            for (int i = 0; i < size; i++) {
                ApiValues.millis(json, times[i]);
            }
            json.endArray().name("v").beginArray();
            for (int i = 0; i < size; i++) {
                json.value(values[i]);
            }
            json.endArray().name("periods").beginArray();
            for (QualityPeriod period : periods) {
                json.beginObject().name("start");
                ApiValues.millis(json, period.start());
                json.name("end");
                ApiValues.millis(json, period.end());
                ApiValues.quality(json, period.quality());
                json.endObject();
            }
            json.endArray().endObject();
        }
    }
}
