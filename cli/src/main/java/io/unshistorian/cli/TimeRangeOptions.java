package io.unshistorian.cli;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.ZoneId;

import picocli.CommandLine.Option;

/** {@code --start}, {@code --end} and {@code --tz} of the commands that read a time range (see {@link TimeArguments}). */
final class TimeRangeOptions {
    @Option(names = "--start", description = "Start: 2026-01-01T00:00:00Z, 2026-01-01 (local), now, -1h, or epoch "
        + "with a unit (1767225600000ms; a bare number is read by its size and the reading said) "
        + "(default: ${DEFAULT-VALUE}).")
    String start = "-1h";

    @Option(names = "--end", description = "End, exclusive, in the same forms (default: ${DEFAULT-VALUE}).")
    String end = "now";

    @Option(names = "--tz", paramLabel = "ZONE", description = "Zone of local dates and times, e.g. Europe/Berlin "
        + "(default: the system zone, said when used).")
    String zone;

    /** {@code [start, end)} in epoch nanoseconds; a guessed reading is said on {@code err}. */
    long[] range(PrintWriter err) {
        ZoneId tz = zone == null ? null : zoneOf(zone);
        long now = TimeArguments.nowNanos();
        long from = TimeArguments.instant(start, now, tz, err::println);
        long to = TimeArguments.instant(end, now, tz, err::println);
        err.flush();
        return new long[] {from, to};
    }

    /** The zone {@code --tz} names; refuses one that is not a zone, saying what is. */
    static ZoneId zoneOf(String text) {
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--tz '" + text + "' is not a zone: use a region such as Europe/Berlin "
                + "or an offset such as +02:00");
        }
    }
}
