package io.unshistorian.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.compression.chunk.ValueType;

/**
 * The naive reference the query engine is compared with: every write kept in a sorted map per
 * series (a repeated timestamp replaced: last write wins), and every operator computed the obvious
 * way over it.
 */
final class ReferenceModel {
    record Stored(long bits, int quality) {
    }

    final Map<String, TreeMap<Long, Stored>> series = new TreeMap<>();
    final Map<String, ValueType> types = new TreeMap<>();

    void write(String path, ValueType type, long t, long bits, int quality) {
        types.put(path, type);
        series.computeIfAbsent(path, p -> new TreeMap<>()).put(t, new Stored(bits, quality));
    }

    double value(String path, Stored stored) {
        return types.get(path) == ValueType.DOUBLE ? Double.longBitsToDouble(stored.bits()) : stored.bits();
    }

    boolean included(String path, Stored stored, QualityMode mode) {
        return mode.accepts(stored.quality()) && !Double.isNaN(value(path, stored));
    }

    List<AggregateRow> aggregate(String path, AggregateRequest request) {
        TreeMap<Long, Stored> all = series.getOrDefault(path, new TreeMap<>());
        TreeMap<Long, Double> included = new TreeMap<>();
        all.forEach((t, s) -> {
            if (included(path, s, request.quality())) {
                included.put(t, value(path, s));
            }
        });
        boolean numeric = types.get(path) != ValueType.STRING;   // the data here has no STRING series
        List<AggregateRow> rows = new ArrayList<>();
        long firstBucket = request.bucketOf(request.start());
        for (long b = firstBucket; b < request.end(); b += request.bucketWidth()) {
            long from = Math.max(b, request.start());
            long to = Math.min(b + request.bucketWidth(), request.end());
            NavigableMap<Long, Stored> in = all.subMap(from, true, to, false);
            long count = 0;
            long excluded = 0;
            double sum = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            long firstTime = Long.MIN_VALUE;
            double first = Double.NaN;
            long lastTime = Long.MIN_VALUE;
            double last = Double.NaN;
            List<Double> values = new ArrayList<>();
            for (Map.Entry<Long, Stored> e : in.entrySet()) {
                if (!included(path, e.getValue(), request.quality())) {
                    excluded++;
                    continue;
                }
                double v = value(path, e.getValue());
                if (count == 0) {
                    firstTime = e.getKey();
                    first = v;
                    min = v;
                    max = v;
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
                lastTime = e.getKey();
                last = v;
                sum += v;
                values.add(v);
                count++;
            }
            double stddev = Double.NaN;
            if (request.stddev() && count > 0) {
                double mean = sum / count;
                double squares = 0;
                for (double v : values) {
                    squares += (v - mean) * (v - mean);
                }
                stddev = Math.sqrt(squares / count);
            }
            boolean any = count > 0 && numeric;
            if (!any) {
                double filled = numeric ? filled(included, from, request.fill()) : Double.NaN;
                min = filled;
                max = filled;
                first = filled;
                last = filled;
                firstTime = Long.MIN_VALUE;
                lastTime = Long.MIN_VALUE;
            }
            double twa = request.timeWeightedAverage() && numeric ? twa(included, from, to, request.fill())
                : Double.NaN;
            if (count > 0 || excluded > 0 || !Double.isNaN(twa) || request.fill() != InterpolationRequest.Fill.OMIT) {
                rows.add(new AggregateRow(path, b, count, excluded, any ? sum : Double.NaN, min, max,
                    any ? sum / count : min, firstTime, first, lastTime, last, stddev, twa));
            }
        }
        return rows;
    }

    /**
     * Step TWA over [from, to): each included value holds until the next included sample; the last
     * one only with fill PREVIOUS (then without end).
     */
    private static double twa(TreeMap<Long, Double> included, long from, long to, InterpolationRequest.Fill fill) {
        Long begin = included.floorKey(from);
        double weighted = 0;
        long duration = 0;
        for (Map.Entry<Long, Double> e : included.subMap(begin == null ? from : begin, true, to, false).entrySet()) {
            Long next = included.higherKey(e.getKey());
            long holdsUntil = next != null ? next : fill == InterpolationRequest.Fill.PREVIOUS ? Long.MAX_VALUE
                : e.getKey();
            long segment = Math.min(holdsUntil, to) - Math.max(e.getKey(), from);
            if (segment > 0) {
                weighted += e.getValue() * segment;
                duration += segment;
            }
        }
        return duration > 0 ? weighted / duration : Double.NaN;
    }

    /** The value of a bucket without included samples, at its start {@code from}, by the fill. */
    private static double filled(TreeMap<Long, Double> included, long from, InterpolationRequest.Fill fill) {
        Map.Entry<Long, Double> previous = included.floorEntry(from);
        Map.Entry<Long, Double> next = included.higherEntry(from);
        if (previous == null || fill == InterpolationRequest.Fill.OMIT || fill == InterpolationRequest.Fill.NULL) {
            return Double.NaN;
        }
        if (fill == InterpolationRequest.Fill.PREVIOUS) {
            return previous.getValue();
        }
        if (next == null) {
            return Double.NaN;
        }
        double fraction = (double) (from - previous.getKey()) / (next.getKey() - previous.getKey());
        return previous.getValue() + (next.getValue() - previous.getValue()) * fraction;
    }

    List<InterpolatedValue> interpolate(String path, InterpolationRequest request) {
        TreeMap<Long, Stored> all = series.getOrDefault(path, new TreeMap<>());
        TreeMap<Long, Double> included = new TreeMap<>();
        all.forEach((t, s) -> {
            if (included(path, s, request.quality())) {
                included.put(t, value(path, s));
            }
        });
        List<InterpolatedValue> out = new ArrayList<>();
        for (long g = request.firstPoint(); g < request.end(); g += request.interval()) {
            Map.Entry<Long, Double> previous = included.floorEntry(g);
            Map.Entry<Long, Double> next = included.higherEntry(g);
            long bucketEnd = Math.min(g + request.interval(), request.end());
            boolean hasData = !included.subMap(g, true, bucketEnd, false).isEmpty();
            InterpolationRequest.Method method = request.method();
            if (!hasData) {
                if (request.fill() == InterpolationRequest.Fill.OMIT) {
                    continue;
                }
                if (request.fill() == InterpolationRequest.Fill.NULL) {
                    out.add(new InterpolatedValue(path, g, Double.NaN, false));
                    continue;
                }
                method = request.fill() == InterpolationRequest.Fill.PREVIOUS
                    ? InterpolationRequest.Method.PREVIOUS : InterpolationRequest.Method.LINEAR;
            }
            double value;
            if (previous == null) {
                value = Double.NaN;
            } else if (method == InterpolationRequest.Method.PREVIOUS || previous.getKey() == g) {
                value = previous.getValue();
            } else if (next == null) {
                value = Double.NaN;
            } else {
                double fraction = (double) (g - previous.getKey()) / (next.getKey() - previous.getKey());
                value = previous.getValue() + (next.getValue() - previous.getValue()) * fraction;
            }
            out.add(new InterpolatedValue(path, g, value, hasData));
        }
        return out;
    }

    List<PlotPoint> plot(String path, long start, long end, int pixels, QualityMode mode) {
        long[] bounds = QueryEngine.pixelBounds(start, end, pixels);
        List<PlotPoint> out = new ArrayList<>();
        TreeMap<Long, Stored> all = series.getOrDefault(path, new TreeMap<>());
        for (int p = 0; p < pixels; p++) {
            long count = 0;
            long firstTime = 0;
            double first = 0;
            long lastTime = 0;
            double last = 0;
            long minTime = 0;
            double min = 0;
            long maxTime = 0;
            double max = 0;
            for (Map.Entry<Long, Stored> e : all.subMap(bounds[p], true, bounds[p + 1], false).entrySet()) {
                if (!included(path, e.getValue(), mode)) {
                    continue;
                }
                double v = value(path, e.getValue());
                if (count == 0) {
                    firstTime = e.getKey();
                    first = v;
                    minTime = e.getKey();
                    min = v;
                    maxTime = e.getKey();
                    max = v;
                }
                if (v < min) {
                    min = v;
                    minTime = e.getKey();
                }
                if (v > max) {
                    max = v;
                    maxTime = e.getKey();
                }
                lastTime = e.getKey();
                last = v;
                count++;
            }
            if (count > 0) {
                out.add(new PlotPoint(path, p, bounds[p], bounds[p + 1], firstTime, first, lastTime, last, minTime, min,
                    maxTime, max, count));
            }
        }
        return out;
    }
    /**
     * Quality periods the obvious way: walk every sample of the series from the one before the
     * range, open a period at a non-Good one, close it at the next Good one (or the range's end);
     * then merge each period into the previous one when it starts in the column where that ended.
     */
    List<QualityPeriod> qualityPeriods(String path, long start, long end, int pixels) {
        if (types.get(path) == ValueType.STRING) {
            return List.of();
        }
        long[] bounds = QueryEngine.pixelBounds(start, end, pixels);
        TreeMap<Long, Stored> all = series.getOrDefault(path, new TreeMap<>());
        List<long[]> raw = new ArrayList<>();   // {start, end, quality}
        long[] current = null;
        Map.Entry<Long, Stored> before = all.lowerEntry(start);
        if (before != null && !Quality.isGood(before.getValue().quality())) {
            current = new long[] {start, end, before.getValue().quality()};
        }
        for (Map.Entry<Long, Stored> e : all.subMap(start, true, end, false).entrySet()) {
            int q = e.getValue().quality();
            if (Quality.isGood(q)) {
                if (current != null) {
                    current[1] = e.getKey();
                    raw.add(current);
                    current = null;
                }
            } else if (current == null) {
                current = new long[] {e.getKey(), end, q};
            } else {
                current[2] = moreSevere((int) current[2], q);
            }
        }
        if (current != null) {
            raw.add(current);
        }
        List<long[]> merged = new ArrayList<>();
        for (long[] period : raw) {
            if (period[0] == period[1]) {
                continue;   // a Good sample right at the start ended the one from before the range
            }
            long[] previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && period[0] < bounds[column(bounds, previous[1] - 1) + 1]) {
                previous[1] = period[1];
                previous[2] = moreSevere((int) previous[2], (int) period[2]);
            } else {
                merged.add(period.clone());
            }
        }
        List<QualityPeriod> out = new ArrayList<>();
        for (long[] period : merged) {
            out.add(new QualityPeriod(path, period[0], period[1], (int) period[2]));
        }
        return out;
    }

    private static int moreSevere(int kept, int candidate) {
        return (candidate >>> 30) > (kept >>> 30) ? candidate : kept;
    }

    private static int column(long[] bounds, long time) {
        for (int p = 0; p < bounds.length - 1; p++) {
            if (time < bounds[p + 1]) {
                return p;
            }
        }
        throw new IllegalArgumentException(time + " is past the range");
    }
}
