package io.unshistorian.query;

import java.util.function.Consumer;

import io.unshistorian.compression.chunk.ChunkHeader;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.read.ScanHandler;

/**
 * Folds one series' scan into bucket rows. Receives samples and exclusive chunks in time order; a
 * chunk that lies wholly inside one bucket, whose samples are all included, is folded from its
 * header statistics when the request needs neither stddev nor TWA. Time-weighted averages use step
 * interpolation: the value in force at a bucket's start (carried in from before it) counts for the
 * time until the next included sample, and the last value holds to the bucket's (clipped) end.
 */
final class BucketAggregator implements ScanHandler {
    private final AggregateRequest request;
    private final String path;
    private final ValueType type;
    private final Consumer<AggregateRow> rows;
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

    private boolean inForce;
    private double inForceValue;
    private long segmentStart;
    private double weighted;
    private long duration;

    BucketAggregator(AggregateRequest request, String path, ValueType type, Consumer<AggregateRow> rows) {
        this.request = request;
        this.path = path;
        this.type = type;
        this.rows = rows;
        this.statisticsAllowed = !request.stddev() && !request.timeWeightedAverage() && type != ValueType.STRING;
    }

    /** The value in force before the range starts (the last included sample before it), for TWA. */
    void carryIn(double value) {
        if (request.timeWeightedAverage()) {
            inForce = true;
            inForceValue = value;
            moveTo(request.bucketOf(request.start()));
        }
    }

    @Override
    public boolean exclusiveChunk(ChunkHeader header) {
        if (!statisticsAllowed || header.count() == 0 || header.aggregatableCount() != header.count()
            || header.minTime() < request.start() || header.maxTime() >= request.end()) {
            return false;
        }
        long chunkBucket = request.bucketOf(header.minTime());
        if (chunkBucket != request.bucketOf(header.maxTime())) {
            return false;
        }
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
        return true;
    }

    @Override
    public void sample(long timestampNanos, long valueBits, int quality, String text) {
        moveTo(request.bucketOf(timestampNanos));
        if (type == ValueType.STRING) {
            if (request.quality().accepts(quality)) {
                count++;
            } else {
                excluded++;
            }
            return;
        }
        double value = toDouble(valueBits);
        if (!request.quality().accepts(quality) || Double.isNaN(value)) {
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
            if (inForce) {
                weighted += inForceValue * (timestampNanos - segmentStart);
                duration += timestampNanos - segmentStart;
            }
            inForce = true;
            inForceValue = value;
            segmentStart = timestampNanos;
        }
    }

    /** Emits what is open and, for TWA, the buckets after it up to the range's end. */
    void finish() {
        long width = request.bucketWidth();
        boolean lastBucket = open && bucket > Long.MAX_VALUE - width;   // no bucket can follow it
        long next = open ? bucket + (lastBucket ? 0 : width) : request.bucketOf(request.start());
        if (open) {
            closeBucket();
        }
        if (request.timeWeightedAverage() && inForce && !lastBucket) {
            for (long b = next; b < request.end(); b += width) {
                openBucket(b);
                closeBucket();
                if (b > Long.MAX_VALUE - width) {
                    break;   // the next start would wrap around past Long.MAX_VALUE
                }
            }
        }
        open = false;
    }

    private void moveTo(long target) {
        if (open && target == bucket) {
            return;
        }
        if (open) {
            closeBucket();
            if (request.timeWeightedAverage() && inForce) {
                // Buckets without samples still have a value in force: its TWA.
                long width = request.bucketWidth();
                for (long b = bucket; b <= Long.MAX_VALUE - width && b + width < target; ) {   // never wraps around
                    b += width;
                    openBucket(b);
                    closeBucket();
                }
            }
        }
        openBucket(target);
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
        double twa = Double.NaN;
        if (request.timeWeightedAverage()) {
            long end = bucket > Long.MAX_VALUE - request.bucketWidth() ? request.end()
                : Math.min(bucket + request.bucketWidth(), request.end());
            if (inForce && end > segmentStart) {
                weighted += inForceValue * (end - segmentStart);
                duration += end - segmentStart;
            }
            twa = duration > 0 ? weighted / duration : Double.NaN;
        }
        if (count > 0 || excluded > 0 || !Double.isNaN(twa)) {
            boolean any = count > 0 && type != ValueType.STRING;
            rows.accept(new AggregateRow(path, bucket, count, excluded, any ? sum : Double.NaN,
                any ? min : Double.NaN, any ? max : Double.NaN, any ? sum / count : Double.NaN,
                any ? firstTime : Long.MIN_VALUE, any ? first : Double.NaN, any ? lastTime : Long.MIN_VALUE,
                any ? last : Double.NaN, request.stddev() && any ? Math.sqrt(squares / count) : Double.NaN, twa));
        }
        open = false;
    }

    private double toDouble(long bits) {
        return type == ValueType.DOUBLE ? Double.longBitsToDouble(bits) : bits;
    }
}
