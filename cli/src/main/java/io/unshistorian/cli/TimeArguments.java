package io.unshistorian.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times and durations on the command line. A time is {@code now}; an offset from now ({@code -1h},
 * {@code -30m}, {@code -7d}); an instant with a zone or offset ({@code 2026-01-01T00:00:00Z},
 * {@code 2026-01-01T08:00+02:00}); a local date-time or date ({@code 2026-01-01T08:00},
 * {@code "2026-01-01 08:00:00"}, {@code 2026-01-01}) in {@code --tz} or the system zone; or an epoch
 * number with a unit ({@code 1581168647000ms}, {@code 1581168647s}, {@code …us}, {@code …ns}) or
 * without one, read by its size (up to 11 digits seconds, 12–14 milliseconds — the unit of our CSV
 * format —, 15–17 microseconds, 18–19 nanoseconds). What was understood is said when it was a
 * guess: a bare epoch number or a local time without {@code --tz}. Durations: {@code 500ms},
 * {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT15M}).
 */
final class TimeArguments {
    private static final Pattern EPOCH = Pattern.compile("(-?\\d+)(ns|us|µs|ms|s)?");

    private TimeArguments() {
    }

    /** {@link #instant(String, long, ZoneId, Consumer)} in the system zone, saying nothing. */
    static long instant(String text, long nowNanos) {
        return instant(text, nowNanos, null, note -> { });
    }

    /**
     * @param zone  the zone of local times ({@code --tz}); null: the system zone, said in a note
     * @param notes receives one line saying how an ambiguous time was read
     * @throws IllegalArgumentException saying which forms are accepted
     */
    static long instant(String text, long nowNanos, ZoneId zone, Consumer<String> notes) {
        String value = text.trim();
        if (value.equals("now")) {
            return nowNanos;
        }
        if (value.startsWith("-") && !value.matches("-\\d+")) {
            return nowNanos - duration(value.substring(1));   // -1h: an hour ago; -1581168647 is an epoch
        }
        Matcher epoch = EPOCH.matcher(value);
        if (epoch.matches()) {
            return epoch(text, epoch.group(1), epoch.group(2), notes);
        }
        try {
            return nanos(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notAnInstant) {
            // a local date-time or a date, below
        }
        ZoneId in = zone != null ? zone : ZoneId.systemDefault();
        Instant local = null;
        try {
            local = LocalDateTime.parse(value.replace(' ', 'T')).atZone(in).toInstant();
        } catch (DateTimeParseException notLocal) {
            try {
                local = LocalDate.parse(value).atStartOfDay(in).toInstant();
            } catch (DateTimeParseException notADate) {
                throw new IllegalArgumentException("'" + text + "' is not a time: use an ISO-8601 time such as "
                    + "2026-01-01T00:00:00Z or 2026-01-01 (local, --tz), now, -1h, or epoch 1767225600000ms");
            }
        }
        if (zone == null) {
            notes.accept("note: " + text + " read as local time in " + in + " (" + local + "); --tz ZONE to choose");
        }
        return nanos(local);
    }

    private static long epoch(String text, String digits, String unit, Consumer<String> notes) {
        long number;
        try {
            number = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is too large for an epoch time");
        }
        String chosen = unit;
        if (chosen == null) {
            int length = digits.startsWith("-") ? digits.length() - 1 : digits.length();
            chosen = length <= 11 ? "s" : length <= 14 ? "ms" : length <= 17 ? "us" : "ns";
        }
        long nanos;
        try {
            nanos = switch (chosen) {
                case "s" -> Math.multiplyExact(number, 1_000_000_000L);
                case "ms" -> Math.multiplyExact(number, 1_000_000L);
                case "us", "µs" -> Math.multiplyExact(number, 1_000L);
                default -> number;
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is beyond the years a nanosecond timestamp reaches "
                + "(1677–2262)");
        }
        if (unit == null) {
            String name = switch (chosen) {
                case "s" -> "seconds";
                case "ms" -> "milliseconds";
                case "us" -> "microseconds";
                default -> "nanoseconds";
            };
            notes.accept("note: " + text + " read as epoch " + name + " (" + Instant.ofEpochSecond(0, 0)
                .plusNanos(nanos) + "); add a unit (s, ms, us, ns) to say so");
        }
        return nanos;
    }

    private static long nanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
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
