package io.unshistorian.query;

import java.util.function.Consumer;

import io.unshistorian.compression.chunk.ChunkHeader;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.read.ScanHandler;

/**
 * Folds one series' scan into bucket rows. Receives samples and exclusive chunks in time order; a
 * chunk that lies wholly inside one bucket, whose samples are all included, is folded from its
 * header statistics when the request needs neither stddev nor TWA. Time-weighted averages use step
 * interpolation: each included value holds until the next included sample (carried in from before
 * the range, and on to the range's end when a sample follows it), the series' last value only with
 * fill PREVIOUS. Buckets without included samples get the request's fill.
 */
final class BucketAggregator implements ScanHandler {
    /** The first included sample at or after a time, read beyond where the scan is; null when there is none. */
    @FunctionalInterface
    interface Lookahead {
        QueryEngine.Anchor firstIncludedAtOrAfter(long t);
    }

    private final AggregateRequest request;
    private final String path;
    private final ValueType type;
    private final Consumer<AggregateRow> rows;
    private final Lookahead lookahead;
    private final boolean numeric;
    private final boolean everyBucket;
    private final boolean statisticsAllowed;

    private boolean open;
    private long bucket;
    private long count;
    private long excluded;
    private double sum;
    private double min;
    private double max;
    private long firstTime;
    private double first;
    private long lastTime;
    private double last;
    private double mean;
    private double squares;

    /** The last included sample so far, before the range too: the value in force, and where fills start. */
    private boolean hasPrevious;
    private long previousTime;
    private double previousValue;
    /** An included sample at or after every time asked so far; none at or after {@code noneFrom}. */
    private boolean hasNext;
    private long nextTime;
    private double nextValue;
    private long noneFrom = Long.MAX_VALUE;
    /** The series' last value has been held as far as it goes (to its last sample): no TWA after it. */
    private boolean ended;

    private long segmentStart;
    private double weighted;
    private long duration;

    BucketAggregator(AggregateRequest request, String path, ValueType type, Consumer<AggregateRow> rows,
                     Lookahead lookahead) {
        this.request = request;
        this.path = path;
        this.type = type;
        this.rows = rows;
        this.lookahead = lookahead;
        this.numeric = type != ValueType.STRING;
        this.everyBucket = request.fill() != InterpolationRequest.Fill.OMIT;
        this.statisticsAllowed = !request.stddev() && !request.timeWeightedAverage() && numeric;
    }

    /** Starts the series with the last included sample before the range ({@code null}: none, or not needed). */
    void begin(QueryEngine.Anchor before) {
        if (before != null && numeric) {
            hasPrevious = true;
            previousTime = before.time();
            previousValue = before.value();
        }
        if (everyBucket || inForce()) {
            openBucket(request.bucketOf(request.start()));
        }
    }

    @Override
    public boolean exclusiveChunk(ChunkHeader header) {
        if (!statisticsAllowed || !header.hasStatistics()
            || header.minTime() < request.start() || header.maxTime() >= request.end()) {
            return false;
        }
        long chunkBucket = request.bucketOf(header.minTime());
        if (chunkBucket != request.bucketOf(header.maxTime())) {
            return false;
        }
        seen(header.minTime(), toDouble(header.firstBits()));
        moveTo(chunkBucket);
        if (count == 0) {
            firstTime = header.minTime();
            first = toDouble(header.firstBits());
            min = toDouble(header.minBits());
            max = toDouble(header.maxBits());
        } else {
            min = Math.min(min, toDouble(header.minBits()));
            max = Math.max(max, toDouble(header.maxBits()));
        }
        lastTime = header.maxTime();
        last = toDouble(header.lastBits());
        count += header.count();
        sum += header.sum();
        hasPrevious = true;
        previousTime = lastTime;
        previousValue = last;
        return true;
    }

    @Override
    public void sample(long timestampNanos, long valueBits, int quality, String text) {
        if (!numeric) {
            moveTo(request.bucketOf(timestampNanos));
            if (request.quality().accepts(quality)) {
                count++;
            } else {
                excluded++;
            }
            return;
        }
        double value = toDouble(valueBits);
        boolean included = request.quality().accepts(quality) && !Double.isNaN(value);
        if (included) {
            seen(timestampNanos, value);   // before moveTo: the buckets it closes know a value follows them
        }
        moveTo(request.bucketOf(timestampNanos));
        if (!included) {
            excluded++;
            return;
        }
        if (count == 0) {
            firstTime = timestampNanos;
            first = value;
            min = value;
            max = value;
        } else {
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        lastTime = timestampNanos;
        last = value;
        count++;
        sum += value;
        if (request.stddev()) {
            double delta = value - mean;
            mean += delta / count;
            squares += delta * (value - mean);
        }
        if (request.timeWeightedAverage()) {
            if (inForce() && timestampNanos > segmentStart) {   // an infinite value held for no time adds nothing
                weighted += previousValue * (timestampNanos - segmentStart);
                duration += timestampNanos - segmentStart;
            }
            segmentStart = timestampNanos;
        }
        hasPrevious = true;
        previousTime = timestampNanos;
        previousValue = value;
        ended = false;
    }

    /** Emits what is open and the buckets after it up to the range's end that are rows. */
    void finish() {
        if (open) {
            long lastOpened = bucket;
            closeBucket();
            emitBetween(lastOpened, request.end());
        }
        open = false;
    }

    private boolean inForce() {
        return request.timeWeightedAverage() && hasPrevious && !ended;
    }

    /** An included sample the scan reached: the first at or after any time before it. */
    private void seen(long time, double value) {
        hasNext = true;
        nextTime = time;
        nextValue = value;
    }

    /** Whether an included sample lies at or after {@code t} (all before t seen); it is then in next*. */
    private boolean nextAtOrAfter(long t) {
        if (hasNext && nextTime >= t) {
            return true;
        }
        if (t >= noneFrom) {
            return false;
        }
        QueryEngine.Anchor found = lookahead.firstIncludedAtOrAfter(t);
        if (found == null) {
            noneFrom = t;
            return false;
        }
        seen(found.time(), found.value());
        return true;
    }

    private void moveTo(long target) {
        if (open && target == bucket) {
            return;
        }
        if (open) {
            long closed = bucket;
            closeBucket();
            emitBetween(closed, target);
        }
        openBucket(target);
    }

    /** Emits the sample-less buckets after {@code after} that start before {@code limit} and are rows. */
    private void emitBetween(long after, long limit) {
        long width = request.bucketWidth();
        for (long b = after; b <= Long.MAX_VALUE - width && b + width < limit; ) {   // never wraps around
            if (!everyBucket && !inForce()) {
                return;   // nothing more to report before the next sample
            }
            b += width;
            openBucket(b);
            closeBucket();
        }
    }

    private void openBucket(long start) {
        open = true;
        bucket = start;
        count = 0;
        excluded = 0;
        sum = 0;
        mean = 0;
        squares = 0;
        weighted = 0;
        duration = 0;
        segmentStart = Math.max(start, request.start());
    }

    private void closeBucket() {
        long from = Math.max(bucket, request.start());
        long to = bucket > Long.MAX_VALUE - request.bucketWidth() ? request.end()
            : Math.min(bucket + request.bucketWidth(), request.end());
        double twa = Double.NaN;
        if (request.timeWeightedAverage()) {
            if (inForce() && to > segmentStart) {
                if (request.fill() == InterpolationRequest.Fill.PREVIOUS || nextAtOrAfter(to)) {
                    weighted += previousValue * (to - segmentStart);
                    duration += to - segmentStart;
                } else {
                    ended = true;   // the series' last sample: its value is not carried past it
                }
            }
            twa = duration > 0 ? weighted / duration : Double.NaN;
        }
        if (count > 0 || excluded > 0 || !Double.isNaN(twa) || everyBucket) {
            boolean any = count > 0 && numeric;
            double filled = any ? Double.NaN : fillValue(from, to);
            rows.accept(new AggregateRow(path, bucket, count, excluded, any ? sum : Double.NaN,
                any ? min : filled, any ? max : filled, any ? sum / count : filled,
                any ? firstTime : Long.MIN_VALUE, any ? first : filled, any ? lastTime : Long.MIN_VALUE,
                any ? last : filled, request.stddev() && any ? Math.sqrt(squares / count) : Double.NaN, twa));
        }
        open = false;
    }

    /** The value at {@code from} of a bucket {@code [from, to)} without included samples, by the fill. */
    private double fillValue(long from, long to) {
        if (!numeric || !hasPrevious) {
            return Double.NaN;
        }
        switch (request.fill()) {
            case PREVIOUS:
                return previousValue;
            case LINEAR:
                if (!nextAtOrAfter(to)) {
                    return Double.NaN;
                }
                double fraction = (double) (from - previousTime) / (nextTime - previousTime);
                return previousValue + (nextValue - previousValue) * fraction;
            default:
                return Double.NaN;
        }
    }

    private double toDouble(long bits) {
        return type == ValueType.DOUBLE ? Double.longBitsToDouble(bits) : bits;
    }
}
