package io.unshistorian.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a trend chart's axes put their ticks and what they say: values on 1-2-5 steps, times on
 * whole UTC steps (seconds, minutes, hours, days, Monday weeks, months, years). Pure arithmetic,
 * no drawing.
 */
final class AxisTicks {
    private static final long MS = 1_000_000L;
    private static final long SECOND = 1000 * MS;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    /** Steps of a fixed length, smallest first; longer ranges step by months and years. */
    private static final long[] FIXED_STEPS = {1, 10, 100, 1000, 10_000, 100_000, MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS,
        50 * MS, 100 * MS, 200 * MS, 500 * MS, SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
        MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR,
        12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY};
    private static final int[] MONTH_STEPS = {1, 3, 6, 12, 24, 60, 120, 240, 600, 1200};
    /** 1970-01-05, the first Monday after the epoch: weeks start on Mondays. */
    private static final long FIRST_MONDAY = 4 * DAY;

    private AxisTicks() {
    }

    /** A value axis: shown from {@code low} to {@code high}, ticks at multiples of {@code step} in between. */
    record ValueScale(double low, double high, double step, List<Double> ticks) {
        /** A tick's label: as many decimals as the step needs, scientific for huge or tiny values. */
        String label(double value) {
            double magnitude = Math.max(Math.abs(low), Math.abs(high));
            if (magnitude >= 1e9 || step < 1e-6) {
                return String.format(Locale.ROOT, "%.3g", value);
            }
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            return String.format(Locale.ROOT, "%." + decimals + "f", value == 0 ? 0.0 : value);   // no "-0"
        }
    }

    /**
     * A time tick: {@code label} under it, and {@code context} (the date or year) under that on the
     * first tick and wherever it changes, "" elsewhere.
     */
    record TimeTick(long nanos, String label, String context) {
    }

    /**
     * The value axis for data from {@code min} to {@code max} (finite; NaN for none): the range padded
     * by 5% each side, or by 10% of the value (1 for 0) when it is one value, with at most about
     * {@code maxTicks} ticks.
     */
    static ValueScale values(double min, double max, int maxTicks) {
        double low;
        double high;
        if (Double.isNaN(min) || Double.isNaN(max)) {
            low = 0;
            high = 1;
        } else if (min == max) {
            double pad = min == 0 ? 1 : Math.abs(min) * 0.1;
            low = min - pad;
            high = max + pad;
        } else {
            double pad = (max - min) * 0.05;
            low = min - pad;
            high = max + pad;
        }
        double step = niceStep((high - low) / Math.max(1, maxTicks));
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(low / step); k * step <= high; k++) {
            ticks.add(k * step);
        }
        return new ValueScale(low, high, step, ticks);
    }

    /** The smallest of 1, 2 and 5 times a power of ten that is at least {@code rough}. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double factor : new double[] {1, 2, 5, 10}) {
            if (factor * power >= rough * (1 - 1e-9)) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /** Time ticks in {@code [start, end)}, UTC, at most {@code maxTicks} of them (at least 2 asked). */
    static List<TimeTick> times(long start, long end, int maxTicks) {
        long span = end - start;
        for (long step : FIXED_STEPS) {
            if (span / step < maxTicks) {
                return fixed(start, end, step);
            }
        }
        for (int months : MONTH_STEPS) {
            // Months differ in length: count the ticks (at most a few hundred) instead of estimating.
            if (span / (months * 28 * DAY) < 4L * maxTicks) {
                List<TimeTick> ticks = calendar(start, end, months);
                if (ticks.size() <= maxTicks) {
                    return ticks;
                }
            }
        }
        return calendar(start, end, MONTH_STEPS[MONTH_STEPS.length - 1]);
    }

    private static List<TimeTick> fixed(long start, long end, long step) {
        long origin = step >= 7 * DAY ? FIRST_MONDAY : 0;
        long first = origin + Math.floorDiv(start - origin, step) * step;
        if (first < start) {
            first += step;
        }
        String pattern = step < MS ? "HH:mm:ss.SSSSSS" : step < SECOND ? "HH:mm:ss.SSS" : step < MINUTE ? "HH:mm:ss"
            : step < DAY ? "HH:mm" : "MM-dd";
        String contextPattern = step < DAY ? "yyyy-MM-dd" : "yyyy";
        List<TimeTick> ticks = new ArrayList<>();
        String lastContext = null;
        for (long t = first; t < end && t >= first; t += step) {
            lastContext = add(ticks, t, pattern, contextPattern, lastContext);
        }
        return ticks;
    }

    private static List<TimeTick> calendar(long start, long end, int months) {
        ZonedDateTime first = utc(start).truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
        int alignedMonth = (first.getYear() * 12 + first.getMonthValue() - 1) / months * months;
        ZonedDateTime t = first.withYear(alignedMonth / 12).withMonth(alignedMonth % 12 + 1);
        List<TimeTick> ticks = new ArrayList<>();
        String lastContext = null;
        String pattern = months < 12 ? "MMM" : "yyyy";
        ZonedDateTime last = utc(end);
        for (; t.isBefore(last); t = t.plusMonths(months)) {
            if (!t.isBefore(utc(start))) {
                lastContext = add(ticks, nanos(t), pattern, months < 12 ? "yyyy" : null, lastContext);
            }
        }
        return ticks;
    }

    /** Adds a tick, its context shown when it differs from the last one; returns the context. */
    private static String add(List<TimeTick> ticks, long t, String pattern, String contextPattern, String lastContext) {
        ZonedDateTime time = utc(t);
        String context = contextPattern == null ? "" : format(time, contextPattern);
        ticks.add(new TimeTick(t, format(time, pattern), context.equals(lastContext) ? "" : context));
        return context;
    }

    private static String format(ZonedDateTime time, String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(time);
    }

    private static ZonedDateTime utc(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, SECOND), Math.floorMod(nanos, SECOND)).atZone(ZoneOffset.UTC);
    }

    private static long nanos(ZonedDateTime time) {
        Instant instant = time.toInstant();
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), SECOND), instant.getNano());
    }
}
