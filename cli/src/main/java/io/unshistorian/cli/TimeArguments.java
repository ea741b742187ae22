package io.unshistorian.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Times and durations on the command line: ISO-8601 instants ({@code 2026-01-01T00:00:00Z}),
 * {@code now}, offsets from now ({@code -1h}, {@code -30m}, {@code -7d}), or epoch nanoseconds;
 * durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d}.
 */
final class TimeArguments {
    private TimeArguments() {
    }

    static long instant(String text, long nowNanos) {
        String value = text.trim();
        if (value.equals("now")) {
            return nowNanos;
        }
        if (value.startsWith("-") && !value.matches("-\\d+")) {
            return nowNanos - duration(value.substring(1));
        }
        if (value.matches("-?\\d+")) {
            return Long.parseLong(value);
        }
        try {
            Instant instant = Instant.parse(value);
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 instant such as "
                + "2026-01-01T00:00:00Z, now, -1h, or epoch nanoseconds");
        }
    }

    static long duration(String text) {
        String value = text.trim();
        String[][] units = {{"ms", "1000000"}, {"s", "1000000000"}, {"m", "60000000000"}, {"h", "3600000000000"},
            {"d", "86400000000000"}};
        for (String[] unit : units) {
            if (value.endsWith(unit[0]) && value.length() > unit[0].length()) {
                String number = value.substring(0, value.length() - unit[0].length());
                if (number.matches("\\d+")) {
                    return Math.multiplyExact(Long.parseLong(number), Long.parseLong(unit[1]));
                }
            }
        }
        try {
            return Duration.parse(value).toNanos();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: use 500ms, 10s, 5m, 1h or 1d");
        }
    }

    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
