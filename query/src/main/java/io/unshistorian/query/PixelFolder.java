package io.unshistorian.query;

import java.util.function.Consumer;

/** Folds one series' included samples (in time order) into M4 values per pixel. */
final class PixelFolder {
    private final String path;
    private final long[] bounds;
    private final Consumer<PlotPoint> out;
    private int pixel = -1;
    private long count;
    private long firstTime;
    private double first;
    private long lastTime;
    private double last;
    private long minTime;
    private double min;
    private long maxTime;
    private double max;

    PixelFolder(String path, long[] bounds, Consumer<PlotPoint> out) {
        this.path = path;
        this.bounds = bounds;
        this.out = out;
    }

    void sample(long time, double value) {
        int target = pixel < 0 ? 0 : pixel;
        while (target + 1 < bounds.length - 1 && time >= bounds[target + 1]) {
            target++;
        }
        if (target != pixel) {
            finish();
            pixel = target;
        }
        if (count == 0) {
            firstTime = time;
            first = value;
            minTime = time;
            min = value;
            maxTime = time;
            max = value;
        } else {
            if (value < min) {
                min = value;
                minTime = time;
            }
            if (value > max) {
                max = value;
                maxTime = time;
            }
        }
        lastTime = time;
        last = value;
        count++;
    }

    void finish() {
        if (pixel >= 0 && count > 0) {
            out.accept(new PlotPoint(path, pixel, bounds[pixel], bounds[pixel + 1], firstTime, first, lastTime, last,
                minTime, min, maxTime, max, count));
        }
        count = 0;
    }
}
