package io.unshistorian.ingest.csv;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneRules;
import java.util.Locale;

/**
 * Reads the cells of a CSV time column as epoch nanoseconds (UTC), without allocating for the
 * common forms. A column is either epoch numbers or text:
 * <ul>
 *   <li>epoch numbers, in the unit the column name ends with ({@code _s}, {@code _ms}, {@code _us},
 *       {@code _ns}) or the one given, else the unit the first cell's size says (up to 11 digits
 *       seconds, 12–14 milliseconds, 15–17 microseconds, 18–19 nanoseconds); a fraction is allowed
 *       ({@code 1581168647.25});</li>
 *   <li>ISO-8601 text: {@code 2026-01-01T08:00:00.5Z}, with an offset ({@code +02:00}), or local
 *       ({@code 2026-01-01 08:00:00}, {@code 2026-01-01}) in the given zone; in an autumn overlap the
 *       earlier offset is taken, a time in a spring gap is moved forward by the gap.</li>
 * </ul>
 * The form is fixed by the first cell (or the unit), so a column cannot mix them. Not thread-safe.
 */
final class TimeColumn {
    /** A cell that cannot be read; the message says why. Rare: built only for bad cells. */
    static final class BadTime extends Exception {
        private static final long serialVersionUID = 1L;

        BadTime(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final long UNDECIDED = 0;
    private static final long TEXT = -1;

    private final String name;
    private final ZoneId zone;
    private final ZoneRules rules;
    private final ZoneOffset fixedOffset;
    private long unitNanos;
    private String understood;
    private boolean sawLocal;
    private long cachedHalfHour = Long.MIN_VALUE;
    private long cachedOffsetSeconds;

    /**
     * @param name the column's header name (its suffix may give the unit)
     * @param unit {@code s}, {@code ms}, {@code us}, {@code ns}, or null to take it from the name
     *             or the first cell
     * @param zone the zone of local times
     */
    TimeColumn(String name, String unit, ZoneId zone) {
        this.name = name;
        this.zone = zone;
        this.rules = zone.getRules();
        this.fixedOffset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH) : null;
        String chosen = unit != null ? unit : unitSuffix(name);
        this.unitNanos = chosen == null ? UNDECIDED : unitNanos(chosen);
        if (chosen != null) {
            understood = "epoch " + unitName(unitNanos);
        }
    }

    /** The unit named by a column name such as {@code timestamp_ms}, or null. */
    static String unitSuffix(String columnName) {
        String lower = columnName.toLowerCase(Locale.ROOT);
        for (String unit : new String[] {"ns", "us", "ms", "s"}) {
            if (lower.endsWith("_" + unit)) {
                return unit;
            }
        }
        return null;
    }

    /** Nanoseconds per unit ({@code s}, {@code ms}, {@code us}, {@code ns}). */
    static long unitNanos(String unit) {
        return switch (unit) {
            case "s" -> 1_000_000_000L;
            case "ms" -> 1_000_000L;
            case "us" -> 1_000L;
            case "ns" -> 1L;
            default -> throw new IllegalArgumentException("time unit '" + unit + "' is not one of s, ms, us, ns");
        };
    }

    private static String unitName(long unitNanos) {
        return unitNanos == 1_000_000_000L ? "seconds" : unitNanos == 1_000_000L ? "milliseconds"
            : unitNanos == 1_000L ? "microseconds" : "nanoseconds";
    }

    /** How the column is read, once its first cell was seen: "epoch milliseconds", "ISO-8601 …". */
    String understood() {
        return understood == null ? "nothing (no rows)" : sawLocal ? understood + ", those without an offset in "
            + zone : understood;
    }

    /** Whether a date-time without an offset was read (in the zone given). */
    boolean sawLocalTimes() {
        return sawLocal;
    }

    String name() {
        return name;
    }

    long parse(char[] buf, int offset, int length) throws BadTime {
        int start = offset;
        int end = offset + length;
        while (start < end && buf[start] == ' ') {
            start++;
        }
        while (end > start && buf[end - 1] == ' ') {
            end--;
        }
        if (start == end) {
            throw new BadTime("time is empty");
        }
        if (unitNanos == UNDECIDED) {
            decide(buf, start, end);
        }
        return unitNanos == TEXT ? text(buf, start, end) : epoch(buf, start, end);
    }

    /** The first cell fixes the form: a number by its size, else text. */
    private void decide(char[] buf, int start, int end) {
        int digits = 0;
        boolean numeric = true;
        for (int i = start; i < end && buf[i] != '.'; i++) {
            char c = buf[i];
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (!(c == '-' && i == start)) {
                numeric = false;
                break;
            }
        }
        if (numeric && digits > 0) {
            unitNanos = digits <= 11 ? 1_000_000_000L : digits <= 14 ? 1_000_000L : digits <= 17 ? 1_000L : 1L;
            understood = "epoch " + unitName(unitNanos) + " (by the size of the first value; name the column "
                + "time_s, time_ms, time_us or time_ns or use --time-unit to say so)";
        } else {
            unitNanos = TEXT;
            understood = "ISO-8601 date-times";
        }
    }

    private long epoch(char[] buf, int start, int end) throws BadTime {
        int i = start;
        boolean negative = buf[i] == '-';
        if (negative) {
            i++;
        }
        long whole = 0;
        int digits = 0;
        for (; i < end && buf[i] != '.'; i++) {
            int digit = buf[i] - '0';
            if (digit < 0 || digit > 9) {
                throw badEpoch(buf, start, end);
            }
            if (++digits > 18 && whole > (Long.MAX_VALUE - 9) / 10) {   // 18 digits cannot overflow
                throw beyondRange(buf, start, end);
            }
            whole = whole * 10 + digit;
        }
        long fraction = 0;
        if (i < end) {   // a fraction of the unit, down to whole nanoseconds
            long scale = unitNanos;
            for (i++; i < end; i++) {
                char c = buf[i];
                if (c < '0' || c > '9') {
                    throw badEpoch(buf, start, end);
                }
                scale /= 10;
                fraction += (c - '0') * scale;
            }
        }
        if (digits == 0) {
            throw badEpoch(buf, start, end);
        }
        try {
            long nanos = Math.addExact(Math.multiplyExact(whole, unitNanos), fraction);
            return negative ? -nanos : nanos;
        } catch (ArithmeticException e) {
            throw beyondRange(buf, start, end);
        }
    }

    private BadTime beyondRange(char[] buf, int start, int end) {
        return new BadTime("time " + new String(buf, start, end - start) + " " + unitName(unitNanos)
            + " is beyond the years a nanosecond timestamp reaches (1677–2262)");
    }

    private BadTime badEpoch(char[] buf, int start, int end) {
        return new BadTime("time is not an epoch number in " + unitName(unitNanos) + ": '"
            + new String(buf, start, end - start) + "'");
    }

    /**
     * {@code yyyy-MM-dd}, then optionally {@code T} or a space, {@code HH:mm}, {@code :ss},
     * {@code .fraction}, and {@code Z} or an offset; anything else goes through java.time.
     */
    private long text(char[] buf, int start, int end) throws BadTime {
        int length = end - start;
        if (length < 10 || buf[start + 4] != '-' || buf[start + 7] != '-') {
            return slowText(buf, start, end);
        }
        int year = digits(buf, start, 4);
        int month = digits(buf, start + 5, 2);
        int day = digits(buf, start + 8, 2);
        int i = start + 10;
        int hour = 0;
        int minute = 0;
        int second = 0;
        long nanos = 0;
        if (i < end) {
            if ((buf[i] != 'T' && buf[i] != ' ') || end - i < 6 || buf[i + 3] != ':') {
                return slowText(buf, start, end);
            }
            hour = digits(buf, i + 1, 2);
            minute = digits(buf, i + 4, 2);
            i += 6;
            if (i < end && buf[i] == ':') {
                if (end - i < 3) {
                    return slowText(buf, start, end);
                }
                second = digits(buf, i + 1, 2);
                i += 3;
                if (i < end && (buf[i] == '.' || buf[i] == ',')) {
                    long scale = 100_000_000L;
                    for (i++; i < end && buf[i] >= '0' && buf[i] <= '9'; i++) {
                        nanos += (buf[i] - '0') * scale;
                        scale /= 10;
                    }
                }
            }
        }
        if ((year | month | day | hour | minute | second) < 0) {
            return slowText(buf, start, end);
        }
        long localSeconds;
        try {
            if (hour > 23 || minute > 59 || second > 59) {
                throw new DateTimeException("hour, minute or second out of range");
            }
            localSeconds = LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second;
        } catch (DateTimeException e) {
            throw new BadTime("time is not a valid date-time: '" + new String(buf, start, end - start) + "' ("
                + e.getMessage() + ")");
        }
        long offsetSeconds;
        if (i == end) {
            sawLocal = true;
            return nanos(localEpochSeconds(localSeconds), nanos, buf, start, end);
        } else if (buf[i] == 'Z' && i + 1 == end) {
            offsetSeconds = 0;
        } else if ((buf[i] == '+' || buf[i] == '-') && (end - i == 6 && buf[i + 3] == ':' || end - i == 5)) {
            int hours = digits(buf, i + 1, 2);
            int minutes = digits(buf, end - 2, 2);
            if ((hours | minutes) < 0 || hours > 18 || minutes > 59) {
                return slowText(buf, start, end);
            }
            offsetSeconds = (buf[i] == '-' ? -1 : 1) * (hours * 3600L + minutes * 60L);
        } else {
            return slowText(buf, start, end);
        }
        return nanos(localSeconds - offsetSeconds, nanos, buf, start, end);
    }

    /**
     * A local time in the zone as epoch seconds. The offset is cached per local half hour (zones
     * change offset on the hour or half hour); a half hour with a transition in it is not cached.
     */
    private long localEpochSeconds(long localSeconds) {
        if (fixedOffset != null) {
            return localSeconds - fixedOffset.getTotalSeconds();
        }
        long halfHour = Math.floorDiv(localSeconds, 1800L);
        if (halfHour != cachedHalfHour) {
            LocalDateTime first = LocalDateTime.ofEpochSecond(halfHour * 1800L, 0, ZoneOffset.UTC);
            ZoneOffset atStart = rules.getValidOffsets(first).size() == 1 ? rules.getOffset(first) : null;
            LocalDateTime last = first.plusSeconds(1799);
            boolean steady = atStart != null && rules.getValidOffsets(last).size() == 1
                && rules.getOffset(last).equals(atStart);
            if (!steady) {
                return LocalDateTime.ofEpochSecond(localSeconds, 0, ZoneOffset.UTC).atZone(zone).toEpochSecond();
            }
            cachedHalfHour = halfHour;
            cachedOffsetSeconds = atStart.getTotalSeconds();
        }
        return localSeconds - cachedOffsetSeconds;
    }

    private static int digits(char[] buf, int at, int count) {
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = buf[i];
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private long slowText(char[] buf, int start, int end) throws BadTime {
        String text = new String(buf, start, end - start);
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                instant = LocalDateTime.parse(text.replace(' ', 'T')).atZone(zone).toInstant();
                sawLocal = true;
            } catch (DateTimeParseException notLocal) {
                throw new BadTime("time is not an ISO-8601 date-time such as 2026-01-01T00:00:00Z or "
                    + "2026-01-01 08:00:00: '" + text + "'");
            }
        }
        return nanos(instant.getEpochSecond(), instant.getNano(), buf, start, end);
    }

    private static long nanos(long epochSeconds, long nanos, char[] buf, int start, int end) throws BadTime {
        try {
            return Math.addExact(Math.multiplyExact(epochSeconds, 1_000_000_000L), nanos);
        } catch (ArithmeticException e) {
            throw new BadTime("time '" + new String(buf, start, end - start)
                + "' is beyond the years a nanosecond timestamp reaches (1677–2262)");
        }
    }
}
