package io.unshistorian.query;

import java.util.function.Consumer;

import io.unshistorian.storage.series.Series;

/**
 * Walks the grid points of an {@link InterpolationRequest} alongside one series' included samples
 * (in time order) and emits the value at each point. A point is decided when the first sample after
 * it arrives (or at the end, with the first sample after the range).
 */
final class GridInterpolator {
    private final InterpolationRequest request;
    private final String path;
    private final Consumer<InterpolatedValue> out;
    private long point;
    private boolean hasPrevious;
    private long previousTime;
    private double previousValue;

    GridInterpolator(InterpolationRequest request, Series series, Consumer<InterpolatedValue> out) {
        this.request = request;
        this.path = series.path();
        this.out = out;
        this.point = request.firstPoint();
    }

    /** The last included sample before the range. */
    void previous(long time, double value) {
        hasPrevious = true;
        previousTime = time;
        previousValue = value;
    }

    void sample(long time, double value) {
        while (point < request.end() && point < time) {
            emit(true, time, value);
            point += request.interval();
        }
        hasPrevious = true;
        previousTime = time;
        previousValue = value;
    }

    /** Emits the remaining points; {@code nextTime} is Long.MIN_VALUE when no sample follows the range. */
    void finish(long nextTime, double nextValue) {
        while (point < request.end()) {
            emit(nextTime != Long.MIN_VALUE, nextTime, nextValue);
            point += request.interval();
        }
    }

    /** Emits the point, all samples before it seen; {@code next} is the first sample after it, if any. */
    private void emit(boolean hasNext, long nextTime, double nextValue) {
        boolean hasData = (hasPrevious && previousTime == point)
            || (hasNext && nextTime < Math.min(point + request.interval(), request.end()) && nextTime >= point);
        InterpolationRequest.Method method;
        if (hasData) {
            method = request.method();
        } else {
            switch (request.fill()) {
                case OMIT:
                    return;
                case NULL:
                    out.accept(new InterpolatedValue(path, point, Double.NaN, false));
                    return;
                case PREVIOUS:
                    method = InterpolationRequest.Method.PREVIOUS;
                    break;
                default:
                    method = InterpolationRequest.Method.LINEAR;
                    break;
            }
        }
        out.accept(new InterpolatedValue(path, point, value(method, hasNext, nextTime, nextValue), hasData));
    }

    private double value(InterpolationRequest.Method method, boolean hasNext, long nextTime, double nextValue) {
        if (!hasPrevious) {
            return Double.NaN;
        }
        if (method == InterpolationRequest.Method.PREVIOUS || previousTime == point) {
            return previousValue;
        }
        if (!hasNext) {
            return Double.NaN;
        }
        double fraction = (double) (point - previousTime) / (nextTime - previousTime);
        return previousValue + (nextValue - previousValue) * fraction;
    }
}
