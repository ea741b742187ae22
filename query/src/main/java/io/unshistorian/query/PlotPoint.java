package io.unshistorian.query;

/**
 * M4 values of one pixel column {@code [pixelStart, pixelEnd)}: its first, last, smallest and
 * largest included sample with their times, so a chart drawn from them has the shape of the raw
 * data. Pixels without an included sample are not reported.
 */
public record PlotPoint(String path, int pixel, long pixelStart, long pixelEnd, long firstTime, double first,
                        long lastTime, double last, long minTime, double min, long maxTime, double max, long count) {
}
