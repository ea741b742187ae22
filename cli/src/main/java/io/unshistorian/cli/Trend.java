package io.unshistorian.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.unshistorian.grpc.v1.PlotPoint;
import io.unshistorian.grpc.v1.PlotPoints;
import io.unshistorian.grpc.v1.QualityPeriod;

/**
 * What a trend chart shows: the range, a title, and per series (in the order the server sent them,
 * path order) its M4 points and the periods its value was not Good; plus the series left out.
 */
final class Trend {
    /** One series' share of a plot answer. */
    record Series(String path, List<PlotPoint> points, List<QualityPeriod> periods) {
    }

    final String title;
    final String subtitle;
    final long start;
    final long end;
    final List<String> notPlotted;
    private final Map<String, Series> series = new LinkedHashMap<>();

    Trend(String title, String subtitle, long start, long end, List<String> notPlotted) {
        this.title = title;
        this.subtitle = subtitle;
        this.start = start;
        this.end = end;
        this.notPlotted = List.copyOf(notPlotted);
    }

    /** Adds one message of a Plot answer. */
    void add(PlotPoints message) {
        for (PlotPoint point : message.getPointsList()) {
            of(point.getPath()).points().add(point);
        }
        for (QualityPeriod period : message.getBadPeriodsList()) {
            of(period.getPath()).periods().add(period);
        }
    }

    private Series of(String path) {
        return series.computeIfAbsent(path, p -> new Series(p, new ArrayList<>(), new ArrayList<>()));
    }

    List<Series> series() {
        return List.copyOf(series.values());
    }

    boolean isEmpty() {
        return series.isEmpty();
    }

    int periodCount() {
        return series.values().stream().mapToInt(s -> s.periods().size()).sum();
    }

    /**
     * The smallest and largest finite value drawn (the first, last, min and max of every point; an
     * infinite one is not drawn); NaN, NaN when there is none.
     */
    double[] valueRange() {
        double[] range = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Series one : series.values()) {
            for (PlotPoint point : one.points()) {
                widen(range, point.getFirst());
                widen(range, point.getLast());
                widen(range, point.getMin());
                widen(range, point.getMax());
            }
        }
        return range[0] <= range[1] ? range : new double[] {Double.NaN, Double.NaN};
    }

    private static void widen(double[] range, double value) {
        if (Double.isFinite(value)) {
            range[0] = Math.min(range[0], value);
            range[1] = Math.max(range[1], value);
        }
    }
}
