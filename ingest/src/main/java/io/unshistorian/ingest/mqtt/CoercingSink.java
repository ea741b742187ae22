package io.unshistorian.ingest.mqtt;

import io.unshistorian.compression.chunk.ValueType;

/**
 * Stores loosely typed values in the type their series has, where that loses nothing: a number in a
 * LONG series when it is integral, 0/1 in a BOOLEAN one, a boolean as 0/1 in a numeric one. A new
 * series of numbers is DOUBLE (a tag that publishes {@code 20} and then {@code 20.5} must not
 * change type), unless integers are configured to make LONG series. Anything else that does not fit
 * is a {@link Reason#TYPE_CHANGE}. Not thread-safe.
 */
final class CoercingSink implements ValueSink {
    private static final double TWO_TO_63 = 9.223372036854775807E18;

    private final SampleSink samples;
    private final boolean integersAsLong;

    CoercingSink(SampleSink samples, boolean integersAsLong) {
        this.samples = samples;
        this.integersAsLong = integersAsLong;
    }

    @Override
    public void number(String path, long timestampNanos, double value, int quality) throws BadMessageException {
        ValueType type = samples.typeOf(path);
        if (type == null || type == ValueType.DOUBLE) {
            samples.doubleSample(path, timestampNanos, value, quality);
        } else if (type == ValueType.LONG && value == Math.rint(value) && Math.abs(value) < TWO_TO_63) {
            samples.longSample(path, timestampNanos, (long) value, quality);
        } else if (type == ValueType.BOOLEAN && (value == 0 || value == 1)) {
            samples.booleanSample(path, timestampNanos, value == 1, quality);
        } else {
            throw mismatch(path, type, "the number " + value);
        }
    }

    @Override
    public void integer(String path, long timestampNanos, long value, int quality) throws BadMessageException {
        ValueType type = samples.typeOf(path);
        if (type == ValueType.LONG || type == null && integersAsLong) {
            samples.longSample(path, timestampNanos, value, quality);
        } else if (type == null || type == ValueType.DOUBLE) {
            samples.doubleSample(path, timestampNanos, value, quality);
        } else if (type == ValueType.BOOLEAN && (value == 0 || value == 1)) {
            samples.booleanSample(path, timestampNanos, value == 1, quality);
        } else {
            throw mismatch(path, type, "the integer " + value);
        }
    }

    @Override
    public void bool(String path, long timestampNanos, boolean value, int quality) throws BadMessageException {
        ValueType type = samples.typeOf(path);
        if (type == null || type == ValueType.BOOLEAN) {
            samples.booleanSample(path, timestampNanos, value, quality);
        } else if (type == ValueType.LONG) {
            samples.longSample(path, timestampNanos, value ? 1 : 0, quality);
        } else if (type == ValueType.DOUBLE) {
            samples.doubleSample(path, timestampNanos, value ? 1 : 0, quality);
        } else {
            throw mismatch(path, type, "a boolean");
        }
    }

    @Override
    public void text(String path, long timestampNanos, String value, int quality) throws BadMessageException {
        ValueType type = samples.typeOf(path);
        if (type == null || type == ValueType.STRING) {
            samples.stringSample(path, timestampNanos, value, quality);
        } else {
            throw mismatch(path, type, "the text '" + (value.length() > 40 ? value.substring(0, 40) + "…" : value)
                + "'");
        }
    }

    private static BadMessageException mismatch(String path, ValueType type, String what) {
        return new BadMessageException(Reason.TYPE_CHANGE, "series " + path + " is " + type + ", " + what + " is not");
    }
}
