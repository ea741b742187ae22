package io.unshistorian.cli;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a trend chart's parts go in a {@code width} × {@code height} image: title and subtitle on
 * top, the plot area with the value axis on its left and the time axis under it, then the legend,
 * its entries flowing left to right in rows (at most a third of the height; what does not fit is
 * counted as "+N more"), and the notes under it. The plot area's left and right edges are fixed, so
 * its width (the pixel columns to fetch) is known before the data. Pure arithmetic on sizes.
 *
 * @param plot   the plot area
 * @param legend the baseline-left corner of each legend entry shown, in entry order
 * @param hidden entries left out for want of room
 * @param more   where "+N more" goes, null when nothing is hidden
 * @param notesY the baseline of the first note line
 */
record ChartLayout(Rectangle plot, List<Point> legend, int hidden, Point more, int notesY) {
    static final int TOP = 58;
    static final int LEFT = 78;
    static final int RIGHT = 28;
    /** Tick labels and their date line under the plot area. */
    static final int TIME_AXIS = 42;
    static final int ROW = 18;
    static final int ENTRY_GAP = 20;
    /** Room kept for "+N more" at the end of the last legend row. */
    static final int MORE_WIDTH = 110;

    /** The plot area's width in an image {@code width} wide: one pixel column per M4 point. */
    static int plotWidth(int width) {
        return width - LEFT - RIGHT;
    }

    /**
     * @param entryWidths each legend entry's width (swatch and text)
     * @param notes       lines of notes under the legend
     */
    static ChartLayout of(int width, int height, List<Integer> entryWidths, int notes) {
        int right = width - RIGHT;
        int maxRows = Math.max(1, height / 3 / ROW - notes);
        List<Point> placed = new ArrayList<>();
        List<Integer> rowOf = new ArrayList<>();
        int row = 0;
        int x = LEFT;
        for (int entry : entryWidths) {
            if (x > LEFT && x + entry > right) {
                row++;
                x = LEFT;
            }
            if (row == maxRows) {
                break;
            }
            placed.add(new Point(x, 0));
            rowOf.add(row);
            x += entry + ENTRY_GAP;
        }
        int hidden = entryWidths.size() - placed.size();
        while (hidden > 0 && placed.size() > 1 && placed.get(placed.size() - 1).x > LEFT
            && placed.get(placed.size() - 1).x + entryWidths.get(placed.size() - 1) + ENTRY_GAP + MORE_WIDTH > right) {
            placed.remove(placed.size() - 1);   // frees the end of the last row for "+N more"
            rowOf.remove(rowOf.size() - 1);
            hidden++;
        }
        int rows = placed.isEmpty() ? 0 : rowOf.get(rowOf.size() - 1) + 1;
        int plotHeight = height - TOP - TIME_AXIS - rows * ROW - notes * ROW - 8;
        Rectangle plot = new Rectangle(LEFT, TOP, plotWidth(width), Math.max(1, plotHeight));
        int legendTop = TOP + plot.height + TIME_AXIS + ROW - 4;
        List<Point> legend = new ArrayList<>();
        for (int i = 0; i < placed.size(); i++) {
            legend.add(new Point(placed.get(i).x, legendTop + rowOf.get(i) * ROW));
        }
        Point more = null;
        if (hidden > 0) {
            Point last = legend.isEmpty() ? new Point(LEFT - ENTRY_GAP, legendTop) : legend.get(legend.size() - 1);
            int lastWidth = legend.isEmpty() ? 0 : entryWidths.get(legend.size() - 1);
            more = new Point(last.x + lastWidth + ENTRY_GAP, last.y);
        }
        return new ChartLayout(plot, List.copyOf(legend), hidden, more, legendTop + rows * ROW);
    }
}
