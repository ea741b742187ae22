package io.unshistorian.cli;

import java.awt.Color;

import io.unshistorian.compression.chunk.Quality;

/**
 * The colours of a trend chart, as docs/trend.md lists them for every trend display to share: the
 * n-th plotted series (in path order) takes {@link #SERIES}[n mod 10]; a period whose value was not
 * Good is shaded over the plot's full height, Bad in translucent red, Uncertain in translucent
 * grey. No series colour is red, so a line never hides in a Bad band.
 */
final class TrendPalette {
    /** Tableau's ten colours with its red replaced by a dark blue. */
    static final Color[] SERIES = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x9467BD), new Color(0x8C564B),
        new Color(0x17BECF), new Color(0xE377C2), new Color(0x7F7F7F), new Color(0xBCBD22), new Color(0x393B79)};
    /** #D62728 at 18% opacity. */
    static final Color BAD_SHADE = new Color(0xD6, 0x27, 0x28, 46);
    /** #7F7F7F at 22% opacity. */
    static final Color UNCERTAIN_SHADE = new Color(0x7F, 0x7F, 0x7F, 56);
    static final Color BACKGROUND = Color.WHITE;
    static final Color GRID = new Color(0xE6E6E6);
    static final Color FRAME = new Color(0x999999);
    static final Color TEXT = new Color(0x222222);
    static final Color NOTE = new Color(0x666666);

    private TrendPalette() {
    }

    static Color series(int index) {
        return SERIES[index % SERIES.length];
    }

    /** The shade of a period by its quality: Bad (severity bits 10 or 11) red, Uncertain grey. */
    static Color shade(int quality) {
        return (quality & 0x8000_0000) != 0 ? BAD_SHADE : Quality.isGood(quality) ? BACKGROUND : UNCERTAIN_SHADE;
    }
}
