package io.unshistorian.query;

import java.util.function.Consumer;

import io.unshistorian.compression.chunk.Quality;

/**
 * Folds one series' samples (every one, in time order, whatever its value) into the periods its
 * value was not Good, coalescing a period into the previous one when it begins in the pixel column
 * where the previous one ended. The emitted periods then cover disjoint column ranges: at most one
 * per column. Allocates only per emitted period.
 */
final class QualityPeriodFolder {
    private final String path;
    private final long[] bounds;
    private final Consumer<QualityPeriod> out;
    /** The column that the last looked-up time fell in; times only grow. */
    private int column;
    private boolean open;
    private boolean pending;
    private long periodStart;
    private long periodEnd;
    private int quality;
    /** A pending period absorbs a non-Good sample earlier than this: the end of its last column. */
    private long mergeBefore;

    QualityPeriodFolder(String path, long[] bounds, Consumer<QualityPeriod> out) {
        this.path = path;
        this.bounds = bounds;
        this.out = out;
    }

    /** The quality of the last sample before the range: a non-Good one opens a period at the range's start. */
    void before(int sampleQuality) {
        sample(bounds[0], sampleQuality);
    }

    void sample(long time, int sampleQuality) {
        if (Quality.isGood(sampleQuality)) {
            if (open) {
                open = false;
                pending = time > periodStart;   // not when a Good sample at the range's start ends one from before it
                periodEnd = time;
                mergeBefore = pending ? bounds[columnOf(time - 1) + 1] : Long.MIN_VALUE;
            }
            return;
        }
        if (open) {
            worsen(sampleQuality);
            return;
        }
        if (pending && time < mergeBefore) {
            pending = false;   // reopened: the Good stretch between is shorter than its column
            worsen(sampleQuality);
        } else {
            emitPending();
            periodStart = time;
            quality = sampleQuality;
        }
        open = true;
    }

    void finish() {
        if (open) {
            open = false;
            pending = true;
            periodEnd = bounds[bounds.length - 1];
        }
        emitPending();
    }

    /** Keeps the first quality of the most severe kind: severity bits 10 (Bad) and 11 rank above 01. */
    private void worsen(int sampleQuality) {
        if (sampleQuality >>> 30 > quality >>> 30) {
            quality = sampleQuality;
        }
    }

    private void emitPending() {
        if (pending) {
            pending = false;
            out.accept(new QualityPeriod(path, periodStart, periodEnd, quality));
        }
    }

    private int columnOf(long time) {
        while (column + 1 < bounds.length - 1 && time >= bounds[column + 1]) {
            column++;
        }
        return column;
    }
}
