package io.unshistorian.server.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query string of an API request, read strictly: an unknown parameter, a repeated one that may
 * appear once, a number that is not one or lies out of bounds is refused with a one-line message
 * naming the parameter (the listener answers it 400).
 */
final class QueryParameters {
    private final Map<String, List<String>> values;

    private QueryParameters(Map<String, List<String>> values) {
        this.values = values;
    }

    /**
     * Parses {@code rawQuery} (percent-encoded, may be null), taking only the parameters named.
     *
     * @throws IllegalArgumentException naming an unknown parameter and the known ones
     */
    static QueryParameters parse(String rawQuery, Set<String> known) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter '" + name + "'; this endpoint takes "
                        + String.join(", ", known.stream().sorted().toList()));
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        return new QueryParameters(values);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the query string has a malformed %-escape in '" + text + "'");
        }
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value given for {@code name}, in order (empty when absent). */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    /** The one value of {@code name}, or {@code fallback} when absent. */
    String text(String name, String fallback) {
        List<String> given = all(name);
        if (given.size() > 1) {
            throw new IllegalArgumentException("parameter '" + name + "' is given " + given.size()
                + " times; give it once");
        }
        return given.isEmpty() ? fallback : given.get(0);
    }

    /** The one value of {@code name}, which must be given. */
    String required(String name, String what) {
        String value = text(name, null);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("parameter '" + name + "' is missing: give " + what);
        }
        return value;
    }

    /** A whole number in {@code [min, max]}, or {@code fallback} when absent. */
    long number(String name, long fallback, long min, long max) {
        String value = text(name, null);
        if (value == null) {
            return fallback;
        }
        long number;
        try {
            number = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a whole number, not '" + value + "'");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("parameter '" + name + "' must be between " + min + " and " + max
                + ", not " + number);
        }
        return number;
    }
}
