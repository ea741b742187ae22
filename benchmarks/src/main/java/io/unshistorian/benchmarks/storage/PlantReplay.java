package io.unshistorian.benchmarks.storage;

import java.util.List;

import io.unshistorian.benchmarks.data.SyntheticPlant;
import io.unshistorian.compression.chunk.SampleColumns;

/**
 * A synthetic plant generated once ({@code series x periodSeconds} samples) and replayed without
 * end: second {@code s} of the replay is second {@code s mod period} of the plant, shifted by whole
 * periods. Generating values costs more than storing them, so the ingest benchmark must not pay for
 * it while it measures.
 */
final class PlantReplay {
    final String[] paths;
    private final long[][] timestamps;
    private final double[][] values;
    private final int period;

    PlantReplay(int seriesCount, int periodSeconds, long seed) {
        List<SyntheticPlant.Series> plant = SyntheticPlant.generate(seed, seriesCount, periodSeconds);
        paths = new String[seriesCount];
        timestamps = new long[seriesCount][];
        values = new double[seriesCount][];
        for (int s = 0; s < seriesCount; s++) {
            SampleColumns samples = plant.get(s).samples();
            paths[s] = plant.get(s).path() + "/" + s;
            timestamps[s] = java.util.Arrays.copyOf(samples.timestamps(), periodSeconds);
            values[s] = new double[periodSeconds];
            for (int i = 0; i < periodSeconds; i++) {
                values[s][i] = samples.doubleValue(i);
            }
        }
        this.period = periodSeconds;
    }

    int seriesCount() {
        return paths.length;
    }

    long timestamp(int series, long second) {
        return timestamps[series][(int) (second % period)] + (second / period) * period * 1_000_000_000L;
    }

    double value(int series, long second) {
        return values[series][(int) (second % period)];
    }
}
