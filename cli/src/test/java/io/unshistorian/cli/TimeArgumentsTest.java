package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Times on the command line: every form, the unit of a bare epoch number by its size, and the note that says so. */
class TimeArgumentsTest {
    private static final long NOW = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
    private static final long T = 1_581_168_647_000_000_000L;     // 2020-02-08T13:30:47Z

    private static long at(String text, ZoneId zone, List<String> notes) {
        return TimeArguments.instant(text, NOW, zone, notes::add);
    }

    @Test
    void epochNumbersAreReadByTheirSizeAndTheReadingIsSaid() {
        List<String> notes = new ArrayList<>();
        assertEquals(T, at("1581168647", null, notes));
        assertEquals(T, at("1581168647000", null, notes));
        assertEquals(T, at("1581168647000000", null, notes));
        assertEquals(T, at("1581168647000000000", null, notes));
        assertEquals(4, notes.size());
        assertTrue(notes.get(1).contains("epoch milliseconds (2020-02-08T13:30:47Z)"), notes.get(1));
        notes.clear();
        assertEquals(T, at("1581168647000ms", null, notes));
        assertEquals(T, at("1581168647s", null, notes));
        assertEquals(T, at("1581168647000000us", null, notes));
        assertEquals(T, at("1581168647000000000ns", null, notes));
        assertEquals(List.of(), notes, "a unit leaves nothing to say");
        assertThrows(IllegalArgumentException.class, () -> at("99999999999999999999", null, notes));
        assertThrows(IllegalArgumentException.class, () -> at("9999999999999s", null, notes));
    }

    @Test
    void relativeZonedAndLocalTimes() {
        List<String> notes = new ArrayList<>();
        assertEquals(NOW, at("now", null, notes));
        assertEquals(NOW - 3_600_000_000_000L, at("-1h", null, notes));
        assertEquals(NOW - 10_000_000_000L, at("-10s", null, notes));
        assertEquals(NOW, at("2026-01-01T00:00:00Z", null, notes));
        assertEquals(NOW, at("2026-01-01T02:00+02:00", null, notes));
        assertEquals(List.of(), notes);
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals(NOW - 3_600_000_000_000L, at("2026-01-01", berlin, notes));
        assertEquals(NOW + 3_600_000_000_000L * 7, at("2026-01-01T08:00", berlin, notes));
        assertEquals(NOW + 3_600_000_000_000L * 7, at("2026-01-01 08:00:00", berlin, notes));
        assertEquals(List.of(), notes, "--tz given: nothing guessed");
        long local = at("2026-01-01", null, notes);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z").atZone(ZoneId.systemDefault()).toLocalDate()
            .atStartOfDay(ZoneId.systemDefault()).toInstant().getEpochSecond() * 1_000_000_000L, local);
        assertTrue(notes.get(0).contains("read as local time in " + ZoneId.systemDefault()), notes.get(0));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> at("yesterday", null, notes));
        assertTrue(bad.getMessage().contains("is not a time"), bad.getMessage());
    }
}
