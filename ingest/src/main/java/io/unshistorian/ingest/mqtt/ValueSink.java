package io.unshistorian.ingest.mqtt;

/**
 * Where the plain and JSON decoders put the values they find, loosely typed (a JSON number does not
 * say whether its series is a float or a counter): {@link CoercingSink} picks the stored type.
 */
public interface ValueSink {
    /** A number: stored as DOUBLE, or as LONG when the series is LONG and the value integral. */
    void number(String path, long timestampNanos, double value, int quality) throws BadMessageException;

    /** An integer that must stay exact (a counter): LONG, or DOUBLE when the series is DOUBLE. */
    void integer(String path, long timestampNanos, long value, int quality) throws BadMessageException;

    void bool(String path, long timestampNanos, boolean value, int quality) throws BadMessageException;

    void text(String path, long timestampNanos, String value, int quality) throws BadMessageException;
}
