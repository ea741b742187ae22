package io.unshistorian.query;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.read.ReadDamage;
import io.unshistorian.storage.read.SampleRunVisitor;
import io.unshistorian.storage.read.SampleVisitor;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteLimits;

/**
 * The read path: raw ranges with paging, bucket aggregates (TWA included), interpolated values,
 * latest values and M4 plot values, over a {@link Selection}. Every operator answers the same
 * whether the data is in the head, in compacted blocks or in late blocks that overlap them: all read
 * through the storage engine's merged scan, where the last write of a timestamp wins. Thread-safe;
 * results stream to callbacks, so memory stays bounded by one partition of one series. An operator
 * that meets damaged chunks delivers everything readable, across every selected series, and then
 * throws a {@link DataDamagedException} naming the damage: a gap is never silent.
 */
public final class QueryEngine {
    /** Cursor version 2: series id, resume time and a check of both and of the query they belong to. */
    private static final String CURSOR_PREFIX = "r2:";
    /** Most pixel columns a plot may ask for: bounds the pixel table before it is allocated. */
    public static final int MAX_PIXELS = 100_000;

    private final StorageEngine storage;

    public QueryEngine(StorageEngine storage) {
        this.storage = storage;
    }

    public List<Series> select(Selection selection) {
        return selection.resolve(storage);
    }

    /**
     * Samples of the selected series in {@code [start, end)}, series by series in path order, each
     * in time order. Stops after {@code limit} samples (0: no limit) and returns a cursor that
     * resumes after the last one delivered; pass it back with the same selection and range.
     *
     * @throws IllegalArgumentException for a malformed cursor
     */
    public RawPage raw(Selection selection, long start, long end, long limit, String cursor, RawVisitor visitor) {
        List<Series> series = select(selection);
        int firstSeries = 0;
        long resumeAt = start;
        if (cursor != null) {
            long[] position = parseCursor(cursor, selection, start, end);
            firstSeries = indexOf(series, (int) position[0]);
            resumeAt = position[1];
        }
        long[] delivered = {0};
        ReadDamage damage = new ReadDamage();
        for (int s = firstSeries; s < series.size(); s++) {
            Series current = series.get(s);
            long from = s == firstSeries ? Math.max(start, resumeAt) : start;
            long[] lastTime = {Long.MIN_VALUE};
            SampleVisitor samples = (t, v, q, text) -> {
                if (limit > 0 && delivered[0] == limit) {
                    throw StopScan.INSTANCE;
                }
                visitor.sample(current, t, v, q, text);
                delivered[0]++;
                lastTime[0] = t;
            };
            try {
                storage.read(current, from, end, visitor instanceof RawRunVisitor
                    ? new LimitedRuns(current, (RawRunVisitor) visitor, samples, limit, delivered, lastTime) : samples,
                    damage);
            } catch (StopScan stop) {
                String next = cursor(current.id(), lastTime[0] + 1, selection, start, end);
                damage.throwIfAny(next);
                return new RawPage(delivered[0], next);
            }
        }
        damage.throwIfAny();
        return new RawPage(delivered[0], null);
    }

    /**
     * Hands a raw read's runs on as runs, cut at the read's limit: the samples beyond it stop the
     * read as a single sample beyond it would. Single samples go through {@code single}.
     */
    private static final class LimitedRuns implements SampleRunVisitor {
        private final Series series;
        private final RawRunVisitor visitor;
        private final SampleVisitor single;
        private final long limit;
        private final long[] delivered;
        private final long[] lastTime;

        LimitedRuns(Series series, RawRunVisitor visitor, SampleVisitor single, long limit, long[] delivered,
                    long[] lastTime) {
            this.series = series;
            this.visitor = visitor;
            this.single = single;
            this.limit = limit;
            this.delivered = delivered;
            this.lastTime = lastTime;
        }

        @Override
        public void sample(long t, long v, int q, String text) {
            single.sample(t, v, q, text);
        }

        @Override
        public void samples(SampleColumns columns, int from, int to) {
            int take = limit > 0 ? (int) Math.min(to - from, limit - delivered[0]) : to - from;
            if (take == 0) {
                throw StopScan.INSTANCE;
            }
            visitor.samples(series, columns, from, from + take);
            delivered[0] += take;
            lastTime[0] = columns.timestamp(from + take - 1);
            if (from + take < to) {
                throw StopScan.INSTANCE;   // the limit fell inside the run
            }
        }
    }

    private static String cursor(int seriesId, long resumeAt, Selection selection, long start, long end) {
        return CURSOR_PREFIX + seriesId + ":" + resumeAt + ":" + Integer.toHexString(check(seriesId, resumeAt,
            selection, start, end));
    }

    /** Binds a cursor to its position and its query: a cut, edited or foreign cursor does not check out. */
    private static int check(long seriesId, long resumeAt, Selection selection, long start, long end) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update((seriesId + ":" + resumeAt + ":" + selection + ":" + start + ":" + end)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static long[] parseCursor(String cursor, Selection selection, long start, long end) {
        String[] parts = cursor.startsWith(CURSOR_PREFIX) ? cursor.substring(CURSOR_PREFIX.length()).split(":") : null;
        try {
            if (parts != null && parts.length == 3) {
                long[] position = {Integer.parseInt(parts[0]), Long.parseLong(parts[1])};
                if (Integer.parseUnsignedInt(parts[2], 16) == check(position[0], position[1], selection, start, end)) {
                    return position;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("malformed cursor '" + cursor + "': pass back the cursor of the previous "
            + "page unchanged, with the same selection and range");
    }

    private static int indexOf(List<Series> series, int id) {
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).id() == id) {
                return i;
            }
        }
        throw new IllegalArgumentException("cursor names series id " + id + ", which this selection does not "
            + "include: resume with the selection that produced it");
    }

    /** Bucket aggregates of every selected series, series in path order, buckets in time order. */
    public void aggregate(Selection selection, AggregateRequest request, Consumer<AggregateRow> rows) {
        ReadDamage damage = new ReadDamage();
        // Step and linear fills, and a TWA, start from the value in force before the range.
        boolean needsBefore = request.timeWeightedAverage() || request.fill() == InterpolationRequest.Fill.PREVIOUS
            || request.fill() == InterpolationRequest.Fill.LINEAR;
        for (Series series : select(selection)) {
            BucketAggregator aggregator = new BucketAggregator(request, series.path(), series.type(), rows,
                t -> valueAtOrAfter(series, t, request.quality(), damage));
            aggregator.begin(needsBefore && series.type() != ValueType.STRING
                ? valueBefore(series, request.start(), request.quality(), damage) : null);
            storage.scan(series, request.start(), request.end(), aggregator, damage);
            aggregator.finish();
        }
        damage.throwIfAny();
    }

    /** Values at the grid points of the request, per selected numeric series. */
    public void interpolate(Selection selection, InterpolationRequest request, Consumer<InterpolatedValue> values) {
        ReadDamage damage = new ReadDamage();
        for (Series series : select(selection)) {
            if (series.type() == ValueType.STRING) {
                continue;
            }
            GridInterpolator grid = new GridInterpolator(request, series, values);
            Anchor before = valueBefore(series, request.start(), request.quality(), damage);
            if (before != null) {
                grid.previous(before.time(), before.value());
            }
            storage.read(series, request.start(), request.end(), (t, v, q, text) -> {
                double value = toDouble(series.type(), v);
                if (request.quality().accepts(q) && !Double.isNaN(value)) {
                    grid.sample(t, value);
                }
            }, damage);
            Anchor after = valueAtOrAfter(series, request.end(), request.quality(), damage);
            grid.finish(after == null ? Long.MIN_VALUE : after.time(), after == null ? Double.NaN : after.value());
        }
        damage.throwIfAny();
    }

    /**
     * The newest sample of every selected series that has one.
     *
     * @throws DataDamagedException when the newest chunk of some series is damaged (it names them)
     */
    public List<LatestValue> latest(Selection selection) {
        List<Series> series = select(selection);
        List<LatestValue> result = new ArrayList<>(series.size());
        ReadDamage damage = new ReadDamage();
        storage.latest(series, (one, t, v, q, text) ->
            result.add(new LatestValue(one.path(), one.type(), t, v, text, q)), damage);
        damage.throwIfAny();
        return result;
    }

    /** M4 plot values: per pixel of {@code [start, end)} cut into {@code pixels} columns. */
    public void plot(Selection selection, long start, long end, int pixels, QualityMode quality,
                     Consumer<PlotPoint> points) {
        plot(selection, start, end, pixels, quality, points, null);
    }

    /**
     * M4 plot values and, per series, the {@link QualityPeriod periods} its value was not Good, for a
     * chart to shade: every sample's quality counts, whatever the {@code quality} mode and value
     * (NaN too), and the last sample before {@code start} opens a period at {@code start} when it is
     * not Good. Each series' points and periods arrive before the next series'; STRING series are
     * skipped.
     *
     * @param periods null: none computed, as {@link #plot(Selection, long, long, int, QualityMode, Consumer)}
     */
    public void plot(Selection selection, long start, long end, int pixels, QualityMode quality,
                     Consumer<PlotPoint> points, Consumer<QualityPeriod> periods) {
        if (pixels < 1 || start >= end) {
            throw new IllegalArgumentException("plot needs at least one pixel and start < end, got " + pixels
                + " pixels over [" + start + ", " + end + ")");
        }
        if (pixels > MAX_PIXELS) {
            throw new IllegalArgumentException("plot asks for " + pixels + " pixels, at most " + MAX_PIXELS
                + " are answered (a screen is a few thousand wide)");
        }
        long[] bounds = pixelBounds(start, end, pixels);
        ReadDamage damage = new ReadDamage();
        for (Series series : select(selection)) {
            if (series.type() == ValueType.STRING) {
                continue;
            }
            PixelFolder folder = new PixelFolder(series.path(), bounds, points);
            QualityPeriodFolder badStretches = periods == null ? null
                : new QualityPeriodFolder(series.path(), bounds, periods);
            if (badStretches != null) {
                LastSample before = lastBefore(series, start, new LastSample(series.type(), null), damage);
                if (before != null) {
                    badStretches.before(before.sampleQuality);
                }
            }
            storage.read(series, start, end, (t, v, q, text) -> {
                double value = toDouble(series.type(), v);
                if (quality.accepts(q) && !Double.isNaN(value)) {
                    folder.sample(t, value);
                }
                if (badStretches != null) {
                    badStretches.sample(t, q);
                }
            }, damage);
            folder.finish();
            if (badStretches != null) {
                badStretches.finish();
            }
        }
        damage.throwIfAny();
    }

    /** Exact pixel boundaries: bound i = start + floor((end - start) * i / pixels). */
    static long[] pixelBounds(long start, long end, int pixels) {
        long[] bounds = new long[pixels + 1];
        BigInteger span = BigInteger.valueOf(end).subtract(BigInteger.valueOf(start));
        for (int i = 0; i <= pixels; i++) {
            bounds[i] = start + span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(pixels)).longValue();
        }
        return bounds;
    }

    /** A sample found next to a range: its exact timestamp and its value as a double. */
    record Anchor(long time, double value) {
    }

    /** The last included sample strictly before {@code t}, or null. */
    Anchor valueBefore(Series series, long t, QualityMode quality, ReadDamage damage) {
        LastSample last = lastBefore(series, t, new LastSample(series.type(), quality), damage);
        return last == null ? null : new Anchor(last.time, last.value);
    }

    /**
     * The last sample strictly before {@code t} that {@code last} keeps, in {@code last}, or null.
     * Looks back one partition, then twice as far, and so on.
     */
    private LastSample lastBefore(Series series, long t, LastSample last, ReadDamage damage) {
        long width = storage.options().partitionWidthNanos();
        long end = t;
        for (long span = width; end > WriteLimits.MIN_TIMESTAMP; span = Math.min(span * 2, Long.MAX_VALUE / 4)) {
            long begin = Math.max(WriteLimits.MIN_TIMESTAMP, end - span);
            storage.read(series, begin, end, last, damage);
            if (last.found) {
                return last;
            }
            end = begin;
        }
        return null;
    }

    /** Keeps the last sample of a scan that a quality mode includes, or (mode null) the last one at all. */
    private static final class LastSample implements SampleVisitor {
        private final ValueType type;
        private final QualityMode quality;
        boolean found;
        long time;
        double value;
        int sampleQuality;

        LastSample(ValueType type, QualityMode quality) {
            this.type = type;
            this.quality = quality;
        }

        @Override
        public void sample(long timestampNanos, long valueBits, int sampleQuality, String text) {
            double v = toDouble(type, valueBits);
            if (quality == null || quality.accepts(sampleQuality) && !Double.isNaN(v)) {
                found = true;
                time = timestampNanos;
                value = v;
                this.sampleQuality = sampleQuality;
            }
        }
    }

    /** The first included sample at or after {@code t}, or null. */
    Anchor valueAtOrAfter(Series series, long t, QualityMode quality, ReadDamage damage) {
        long width = storage.options().partitionWidthNanos();
        long begin = t;
        for (long span = width; begin < WriteLimits.MAX_TIMESTAMP; span = Math.min(span * 2, Long.MAX_VALUE / 4)) {
            long end = Math.min(WriteLimits.MAX_TIMESTAMP, begin + span);
            Anchor[] found = new Anchor[1];
            try {
                storage.read(series, begin, end, (time, v, q, text) -> {
                    double value = toDouble(series.type(), v);
                    if (quality.accepts(q) && !Double.isNaN(value)) {
                        found[0] = new Anchor(time, value);
                        throw StopScan.INSTANCE;
                    }
                }, damage);
            } catch (StopScan stop) {
                return found[0];
            }
            begin = end;
        }
        return null;
    }

    static double toDouble(ValueType type, long bits) {
        return type == ValueType.DOUBLE ? Double.longBitsToDouble(bits) : bits;
    }

    /** Ends a scan early; carries no stack trace. */
    static final class StopScan extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final StopScan INSTANCE = new StopScan();

        private StopScan() {
            super(null, null, false, false);
        }
    }
}
