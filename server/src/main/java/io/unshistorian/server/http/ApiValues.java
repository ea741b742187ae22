package io.unshistorian.server.http;

import java.util.List;

import io.unshistorian.query.Selection;
import io.unshistorian.storage.series.TopicFilter;

/** How the API writes times and qualities, and reads selections: one convention for every endpoint. */
final class ApiValues {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private ApiValues() {
    }

    /**
     * An epoch-nanosecond time as epoch milliseconds (JavaScript's unit), exactly: whole
     * milliseconds as an integer, others with up to six decimals, so sub-millisecond order is kept.
     */
    static void millis(JsonWriter json, long nanos) {
        long whole = Math.floorDiv(nanos, NANOS_PER_MILLI);
        long rest = Math.floorMod(nanos, NANOS_PER_MILLI);
        if (rest == 0) {
            json.value(whole);
            return;
        }
        String fraction = String.format("%06d", rest).replaceFirst("0+$", "");
        json.raw(whole + "." + fraction);
    }

    /** Epoch milliseconds from a request as nanoseconds, refused when out of range. */
    static long nanos(long millis, String parameter) {
        try {
            return Math.multiplyExact(millis, NANOS_PER_MILLI);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("parameter '" + parameter + "' is out of range: give epoch milliseconds");
        }
    }

    /** A quality as its OPC UA status code (unsigned) and its severity: good, uncertain or bad. */
    static void quality(JsonWriter json, int code) {
        json.name("quality").value(Integer.toUnsignedLong(code)).name("severity").value(severity(code));
    }

    /** The severity of an OPC UA status code by its top two bits (00 Good, 01 Uncertain, 1x Bad). */
    static String severity(int code) {
        return code < 0 ? "bad" : (code & 0x4000_0000) != 0 ? "uncertain" : "good";
    }

    /**
     * A selection of paths and MQTT filters from a request.
     *
     * @throws IllegalArgumentException naming the parameter and what is wrong with the filter
     */
    static Selection selection(String parameter, List<String> filters) {
        try {
            filters.forEach(TopicFilter::parse);   // the engine parses later, where the parameter is unknown
            return Selection.of(filters.toArray(String[]::new));
        } catch (IllegalArgumentException malformed) {
            throw new IllegalArgumentException("parameter '" + parameter + "': " + malformed.getMessage());
        }
    }
}
