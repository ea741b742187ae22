package io.unshistorian.query;

/**
 * Values at the grid points {@code origin + k * interval} in {@code [start, end)}.
 *
 * <p>The value at a grid point g comes from the included samples around it: {@link Method#PREVIOUS}
 * takes the last one at or before g (step); {@link Method#LINEAR} interpolates between the last one
 * at or before g and the first one after it (exact at a sample). When the bucket {@code [g, g +
 * interval)} holds no included sample, {@link Fill} decides: leave the point out, report it as
 * null, or compute it by step or linear interpolation anyway.
 */
public record InterpolationRequest(long start, long end, long interval, long origin, Method method, Fill fill,
                                   QualityMode quality) {
    /** How a grid point's value is computed. */
    public enum Method {
        PREVIOUS,
        LINEAR
    }

    /** What an empty bucket gives. */
    public enum Fill {
        OMIT,
        NULL,
        PREVIOUS,
        LINEAR
    }

    public InterpolationRequest {
        if (interval <= 0) {
            throw new IllegalArgumentException("interval must be positive, got " + interval + " ns");
        }
        if (start >= end) {
            throw new IllegalArgumentException("empty range: start " + start + " >= end " + end);
        }
        if (method == null || fill == null || quality == null) {
            throw new IllegalArgumentException("method, fill and quality are required");
        }
        java.math.BigInteger points = java.math.BigInteger.valueOf(end).subtract(java.math.BigInteger.valueOf(start))
            .divide(java.math.BigInteger.valueOf(interval));
        if (points.compareTo(java.math.BigInteger.valueOf(MAX_POINTS)) > 0) {
            throw new IllegalArgumentException("interpolation asks for " + points + " points per series, at most "
                + MAX_POINTS + " are answered: use a longer interval or a shorter range");
        }
    }

    /** Most grid points one request may ask of a series: bounds the work and the answer before either starts. */
    public static final long MAX_POINTS = 1_000_000;

    public static InterpolationRequest of(long start, long end, long interval, Method method, Fill fill) {
        return new InterpolationRequest(start, end, interval, 0, method, fill, QualityMode.GOOD_ONLY);
    }

    long firstPoint() {
        long k = Math.floorDiv(start - origin, interval);
        long point = origin + k * interval;
        return point < start ? point + interval : point;
    }
}
