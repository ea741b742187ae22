package io.unshistorian.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.grpc.v1.PlotPoint;
import io.unshistorian.grpc.v1.QualityPeriod;

/**
 * Draws a {@link Trend} with Java2D (headless): grid, the quality shading behind everything else,
 * one line per series through each pixel column's first, min and max (in time order) and last
 * value, axes with UTC time and value ticks, title, legend and notes. Layout and ticks come from
 * {@link ChartLayout} and {@link AxisTicks}, colours from {@link TrendPalette}.
 */
final class TrendRenderer {
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int SWATCH = 18;
    private static final BasicStroke LINE = new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final String SHADING_NOTE = "shaded: a series' value not Good (red: Bad, grey: Uncertain)";

    private final Trend trend;
    private final Graphics2D g;
    private final BufferedImage image;

    private TrendRenderer(Trend trend, int width, int height) {
        this.trend = trend;
        this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
    }

    static BufferedImage render(Trend trend, int width, int height) {
        TrendRenderer renderer = new TrendRenderer(trend, width, height);
        try {
            renderer.draw();
        } finally {
            renderer.g.dispose();
        }
        return renderer.image;
    }

    private void draw() {
        int width = image.getWidth();
        int height = image.getHeight();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(TrendPalette.BACKGROUND);
        g.fillRect(0, 0, width, height);

        int textRoom = width - ChartLayout.LEFT - ChartLayout.RIGHT;
        List<Trend.Series> series = trend.series();
        List<String> labels = new ArrayList<>();
        List<Integer> entryWidths = new ArrayList<>();
        FontMetrics legendMetrics = g.getFontMetrics(LEGEND);
        for (Trend.Series one : series) {
            String label = fit(one.path(), legendMetrics, textRoom - SWATCH - 6);
            labels.add(label);
            entryWidths.add(SWATCH + 6 + legendMetrics.stringWidth(label));
        }
        List<String> notes = new ArrayList<>();
        if (trend.periodCount() > 0) {
            notes.add(SHADING_NOTE);
        }
        if (!trend.notPlotted.isEmpty()) {
            notes.add("not plotted (strings): " + String.join(", ", trend.notPlotted));
        }
        ChartLayout layout = ChartLayout.of(width, height, entryWidths, notes.size());
        Rectangle plot = layout.plot();
        double[] range = trend.valueRange();
        AxisTicks.ValueScale scale = AxisTicks.values(range[0], range[1], Math.max(2, plot.height / 45));
        List<AxisTicks.TimeTick> times = AxisTicks.times(trend.start, trend.end, Math.max(2, plot.width / 110));

        drawGrid(plot, scale, times);
        for (Trend.Series one : series) {
            drawShading(plot, one.periods());
        }
        g.setClip(plot);
        for (int i = 0; i < series.size(); i++) {
            drawLine(plot, scale, series.get(i).points(), TrendPalette.series(i));
        }
        g.setClip(null);
        g.setColor(TrendPalette.FRAME);
        g.setStroke(new BasicStroke(1));
        g.drawRect(plot.x, plot.y, plot.width, plot.height);
        drawAxes(plot, scale, times);
        drawTitle(textRoom);
        drawLegend(layout, labels);
        g.setFont(LEGEND);
        g.setColor(TrendPalette.NOTE);
        for (int i = 0; i < notes.size(); i++) {
            g.drawString(fit(notes.get(i), g.getFontMetrics(), textRoom), ChartLayout.LEFT,
                layout.notesY() + i * ChartLayout.ROW);
        }
    }

    private double x(Rectangle plot, long time) {
        return plot.x + (double) (time - trend.start) / (double) (trend.end - trend.start) * plot.width;
    }

    private static double y(Rectangle plot, AxisTicks.ValueScale scale, double value) {
        return plot.y + plot.height - (value - scale.low()) / (scale.high() - scale.low()) * plot.height;
    }

    private void drawGrid(Rectangle plot, AxisTicks.ValueScale scale, List<AxisTicks.TimeTick> times) {
        g.setColor(TrendPalette.GRID);
        g.setStroke(new BasicStroke(1));
        for (double value : scale.ticks()) {
            int y = (int) Math.round(y(plot, scale, value));
            g.drawLine(plot.x, y, plot.x + plot.width, y);
        }
        for (AxisTicks.TimeTick tick : times) {
            int x = (int) Math.round(x(plot, tick.nanos()));
            g.drawLine(x, plot.y, x, plot.y + plot.height);
        }
    }

    /** Full-height bands over whole pixels, at least one wide, so even a short period shows. */
    private void drawShading(Rectangle plot, List<QualityPeriod> periods) {
        for (QualityPeriod period : periods) {
            int from = (int) Math.floor(x(plot, period.getStartNs()));
            int to = Math.max(from + 1, (int) Math.ceil(x(plot, period.getEndNs())));
            g.setColor(TrendPalette.shade(period.getQuality()));
            g.fillRect(from, plot.y, Math.min(to, plot.x + plot.width) - from, plot.height);
        }
    }

    /**
     * One polyline through each column's first, min/max in time order and last value; an infinite
     * value breaks it. A vertex with no neighbour is drawn as a dot so a lone sample shows.
     */
    private void drawLine(Rectangle plot, AxisTicks.ValueScale scale, List<PlotPoint> points, Color color) {
        Path2D.Double path = new Path2D.Double();
        List<double[]> lone = new ArrayList<>();
        boolean drawing = false;
        double[] start = null;
        int vertices = 0;
        long lastTime = Long.MIN_VALUE;
        for (PlotPoint point : points) {
            boolean minFirst = point.getMinNs() <= point.getMaxNs();
            long[] times = {point.getFirstNs(), minFirst ? point.getMinNs() : point.getMaxNs(),
                minFirst ? point.getMaxNs() : point.getMinNs(), point.getLastNs()};
            double[] values = {point.getFirst(), minFirst ? point.getMin() : point.getMax(),
                minFirst ? point.getMax() : point.getMin(), point.getLast()};
            for (int k = 0; k < 4; k++) {
                if (times[k] == lastTime && drawing) {
                    continue;   // the same sample again (first = min, ...)
                }
                lastTime = times[k];
                if (!Double.isFinite(values[k])) {
                    if (drawing && vertices == 1) {
                        lone.add(start);
                    }
                    drawing = false;
                    continue;
                }
                double px = x(plot, times[k]);
                double py = y(plot, scale, values[k]);
                if (drawing) {
                    path.lineTo(px, py);
                    vertices++;
                } else {
                    path.moveTo(px, py);
                    drawing = true;
                    start = new double[] {px, py};
                    vertices = 1;
                }
            }
        }
        if (drawing && vertices == 1) {
            lone.add(start);
        }
        g.setColor(color);
        g.setStroke(LINE);
        g.draw(path);
        for (double[] dot : lone) {
            g.fill(new Ellipse2D.Double(dot[0] - 2.5, dot[1] - 2.5, 5, 5));
        }
    }

    private void drawAxes(Rectangle plot, AxisTicks.ValueScale scale, List<AxisTicks.TimeTick> times) {
        g.setFont(LABEL);
        FontMetrics metrics = g.getFontMetrics();
        g.setColor(TrendPalette.TEXT);
        int bottom = plot.y + plot.height;
        for (double value : scale.ticks()) {
            String label = scale.label(value);
            int y = (int) Math.round(y(plot, scale, value));
            g.drawLine(plot.x - 4, y, plot.x, y);
            g.drawString(label, plot.x - 7 - metrics.stringWidth(label), y + metrics.getAscent() / 2 - 1);
        }
        int imageWidth = image.getWidth();
        for (AxisTicks.TimeTick tick : times) {
            int x = (int) Math.round(x(plot, tick.nanos()));
            g.drawLine(x, bottom, x, bottom + 4);
            centered(tick.label(), x, bottom + 6 + metrics.getAscent(), metrics, imageWidth);
            if (!tick.context().isEmpty()) {
                g.setColor(TrendPalette.NOTE);
                centered(tick.context(), x, bottom + 8 + 2 * metrics.getAscent(), metrics, imageWidth);
                g.setColor(TrendPalette.TEXT);
            }
        }
        g.setColor(TrendPalette.NOTE);
        String axis = "UTC";
        g.drawString(axis, plot.x + plot.width - metrics.stringWidth(axis), bottom + 8 + 2 * metrics.getAscent());
    }

    /** Text centred on {@code x}, kept inside the image. */
    private void centered(String text, int x, int baseline, FontMetrics metrics, int imageWidth) {
        int width = metrics.stringWidth(text);
        int left = Math.max(2, Math.min(imageWidth - 2 - width, x - width / 2));
        g.drawString(text, left, baseline);
    }

    private void drawTitle(int room) {
        g.setColor(TrendPalette.TEXT);
        g.setFont(TITLE);
        g.drawString(fit(trend.title, g.getFontMetrics(), room), ChartLayout.LEFT, 24);
        g.setFont(SUBTITLE);
        g.setColor(TrendPalette.NOTE);
        g.drawString(fit(trend.subtitle, g.getFontMetrics(), room), ChartLayout.LEFT, 44);
    }

    private void drawLegend(ChartLayout layout, List<String> labels) {
        g.setFont(LEGEND);
        FontMetrics metrics = g.getFontMetrics();
        List<Point> places = layout.legend();
        for (int i = 0; i < places.size(); i++) {
            Point at = places.get(i);
            int middle = at.y - metrics.getAscent() / 2 + 1;
            g.setColor(TrendPalette.series(i));
            g.setStroke(new BasicStroke(3f));
            g.drawLine(at.x, middle, at.x + SWATCH, middle);
            g.setColor(TrendPalette.TEXT);
            g.drawString(labels.get(i), at.x + SWATCH + 6, at.y);
        }
        if (layout.more() != null) {
            g.setColor(TrendPalette.NOTE);
            g.drawString("+" + layout.hidden() + " more", layout.more().x, layout.more().y);
        }
    }

    /** {@code text}, cut with "…" to fit {@code room} pixels. */
    static String fit(String text, FontMetrics metrics, int room) {
        if (metrics.stringWidth(text) <= room) {
            return text;
        }
        int keep = text.length();
        while (keep > 0 && metrics.stringWidth(text.substring(0, keep) + "…") > room) {
            keep--;
        }
        return text.substring(0, keep) + "…";
    }
}
