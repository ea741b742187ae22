package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The trend chart's pure parts: axis ticks and labels ({@link AxisTicks}) and where things go ({@link ChartLayout}). */
class ChartGeometryTest {
    private static long at(String instant) {
        Instant time = Instant.parse(instant);
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }

    @Test
    void valueTicksAreRoundStepsInsideThePaddedRange() {
        for (double[] data : new double[][] {{0, 10}, {-3.7, 12.2}, {0.0001, 0.00013}, {1e6, 3.5e6}, {-5, -4.9}}) {
            AxisTicks.ValueScale scale = AxisTicks.values(data[0], data[1], 8);
            assertTrue(scale.low() < data[0] && scale.high() > data[1], "padded: " + scale);
            double mantissa = scale.step() / Math.pow(10, Math.floor(Math.log10(scale.step()) + 1e-9));
            assertTrue(Math.abs(mantissa - 1) < 1e-9 || Math.abs(mantissa - 2) < 1e-9 || Math.abs(mantissa - 5) < 1e-9,
                "1, 2 or 5 times a power of ten: " + scale);
            assertTrue(scale.ticks().size() >= 2 && scale.ticks().size() <= 9, scale.toString());
            for (double tick : scale.ticks()) {
                assertTrue(tick >= scale.low() && tick <= scale.high(), scale.toString());
            }
        }
        AxisTicks.ValueScale zeroToTen = AxisTicks.values(0, 10, 8);
        assertEquals(List.of("0", "2", "4", "6", "8", "10"), zeroToTen.ticks().stream().map(zeroToTen::label).toList());
        AxisTicks.ValueScale fine = AxisTicks.values(-0.3, 0.3, 8);
        assertEquals(List.of("-0.3", "-0.2", "-0.1", "0.0", "0.1", "0.2", "0.3"),
            fine.ticks().stream().map(fine::label).toList(), "no -0.0, no 0.30000000000000004");
    }

    @Test
    void oneValueOrNoneStillGivesAnAxis() {
        AxisTicks.ValueScale one = AxisTicks.values(50, 50, 6);
        assertEquals(45, one.low(), 1e-9);
        assertEquals(55, one.high(), 1e-9);
        AxisTicks.ValueScale zero = AxisTicks.values(0, 0, 6);
        assertEquals(-1, zero.low(), 1e-9);
        AxisTicks.ValueScale none = AxisTicks.values(Double.NaN, Double.NaN, 6);
        assertEquals(0, none.low(), 1e-9);
        assertEquals(1, none.high(), 1e-9);
        AxisTicks.ValueScale huge = AxisTicks.values(1e12, 3e12, 6);
        assertEquals("2.00e+12", huge.label(2e12));
    }

    @Test
    void timeTicksAreWholeUtcStepsWithTheDateWhereItChanges() {
        List<AxisTicks.TimeTick> minutes = AxisTicks.times(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:16:40Z"), 9);
        assertEquals("00:00", minutes.get(0).label());
        assertEquals("2026-01-01", minutes.get(0).context());
        assertEquals("00:02", minutes.get(1).label());
        assertEquals("", minutes.get(1).context());
        assertEquals(9, minutes.size());

        List<AxisTicks.TimeTick> overMidnight = AxisTicks.times(at("2026-01-01T20:00:00Z"),
            at("2026-01-02T04:00:00Z"), 9);
        assertEquals(List.of("20:00", "21:00", "22:00", "23:00", "00:00", "01:00", "02:00", "03:00"),
            overMidnight.stream().map(AxisTicks.TimeTick::label).toList());
        assertEquals("2026-01-02", overMidnight.get(4).context());

        List<AxisTicks.TimeTick> weeks = AxisTicks.times(at("2013-12-02T00:00:00Z"), at("2014-02-20T00:00:00Z"), 9);
        for (AxisTicks.TimeTick tick : weeks) {
            assertEquals(java.time.DayOfWeek.MONDAY, Instant.ofEpochSecond(0, tick.nanos())
                .atZone(java.time.ZoneOffset.UTC).getDayOfWeek(), "weeks start on Mondays: " + tick);
        }
        assertEquals("12-09", weeks.get(0).label());
        assertEquals("2013", weeks.get(0).context());

        List<AxisTicks.TimeTick> years = AxisTicks.times(at("2010-06-01T00:00:00Z"), at("2026-01-01T00:00:00Z"), 10);
        assertEquals("2012", years.get(0).label());
        assertTrue(years.size() <= 10, years.toString());

        List<AxisTicks.TimeTick> millis = AxisTicks.times(at("2026-01-01T00:00:00Z"), at("2026-01-01T00:00:00.010Z"),
            6);
        assertEquals("00:00:00.002", millis.get(1).label());

        List<AxisTicks.TimeTick> months = AxisTicks.times(at("2025-01-15T00:00:00Z"), at("2025-12-31T00:00:00Z"), 12);
        assertEquals("Feb", months.get(0).label());
        assertEquals("2025", months.get(0).context());
    }

    @Test
    void theLegendFlowsInRowsAndCountsWhatDoesNotFit() {
        assertEquals(1200 - ChartLayout.LEFT - ChartLayout.RIGHT, ChartLayout.plotWidth(1200));
        ChartLayout few = ChartLayout.of(1200, 500, List.of(200, 300), 1);
        assertEquals(2, few.legend().size());
        assertEquals(few.legend().get(0).y, few.legend().get(1).y, "two short entries share a row");
        assertNull(few.more());
        assertEquals(ChartLayout.plotWidth(1200), few.plot().width);

        ChartLayout many = ChartLayout.of(1200, 500, Collections.nCopies(100, 300), 2);
        assertTrue(many.hidden() > 0);
        assertEquals(100, many.legend().size() + many.hidden());
        assertNotNull(many.more());
        assertTrue(many.more().x + ChartLayout.MORE_WIDTH <= 1200 - ChartLayout.RIGHT, "room for +N more");
        for (Point entry : many.legend()) {
            assertTrue(entry.x + 300 <= 1200 - ChartLayout.RIGHT, "inside the image: " + entry);
        }
        assertTrue(many.plot().height >= 500 / 3, "the legend leaves the plot most of the height: " + many.plot());
        assertTrue(many.notesY() + ChartLayout.ROW <= 500 + ChartLayout.ROW, "notes under the legend, in the image");
    }
}
