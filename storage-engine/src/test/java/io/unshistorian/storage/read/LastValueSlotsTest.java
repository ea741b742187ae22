package io.unshistorian.storage.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;

/** The slot states: what a fill installs, what a damaged source leaves unknown, what writes keep. */
class LastValueSlotsTest {
    private static final Series OLD_A = new Series(0, "old/a", ValueType.DOUBLE, SeriesMetadata.EMPTY);
    private static final Series OLD_B = new Series(1, "old/b", ValueType.DOUBLE, SeriesMetadata.EMPTY);
    private static final Series NEW = new Series(2, "new/c", ValueType.DOUBLE, SeriesMetadata.EMPTY);

    @Test
    void seriesFromBeforeOpenAreUnknownUntilFilledAndNewOnesStartKnownEmpty() {
        LastValueSlots slots = new LastValueSlots(2);
        assertFalse(slots.known(OLD_A));
        assertTrue(slots.known(NEW));
        assertTrue(slots.visit(NEW, (s, t, v, q, text) -> {
            throw new AssertionError("a new series has no sample");
        }));
        slots.fill(List.of(OLD_A, OLD_B), (series, visitor, damage) -> visitor.latest(OLD_B, 5, 7, 0, null));
        assertTrue(slots.known(OLD_A), "filled: known to have no sample");
        assertTrue(slots.known(OLD_B));
        List<String> seen = new ArrayList<>();
        slots.visit(OLD_A, (s, t, v, q, text) -> seen.add(s.path()));
        slots.visit(OLD_B, (s, t, v, q, text) -> seen.add(s.path() + "@" + t + "=" + v));
        assertEquals(List.of("old/b@5=7"), seen);

        WriteBatch batch = new WriteBatch().addDouble("old/b", 4, 1).addDouble("old/b", 9, 2);
        slots.record(batch, new Series[] {OLD_B, OLD_B});
        slots.visit(OLD_B, (s, t, v, q, text) -> seen.add(t + "=" + Double.longBitsToDouble(v)));
        assertEquals("9=2.0", seen.get(1), "an older write leaves the slot, a newer one replaces it");

        slots.invalidate();
        assertFalse(slots.known(OLD_B), "samples dropped: looked up again");
        assertFalse(slots.known(NEW));
    }

    @Test
    void aFillThatMetDamagedDataInstallsNothing() {
        LastValueSlots slots = new LastValueSlots(2);
        slots.fill(List.of(OLD_A, OLD_B), (series, visitor, damage) -> {
            visitor.latest(OLD_B, 5, 7, 0, null);
            damage.add(new DamagedRange("old/a", 0, 10, Path.of("blocks/x.blk"), 0));
        });
        assertFalse(slots.known(OLD_A), "stays unknown, so every read reports the damage");
        assertFalse(slots.known(OLD_B));
    }
}
