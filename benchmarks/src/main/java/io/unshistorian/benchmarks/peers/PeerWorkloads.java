package io.unshistorian.benchmarks.peers;

import java.util.SplittableRandom;

/**
 * The comparison workloads, seeded and deterministic, as rows in time order (across series):
 * the <b>plant</b> (10,000 series x 3,600 s at 1 Hz: 40% drifting temperatures rounded to 0.01, 20%
 * vibration with 4 decimals, 15% monotonic integer counters, 15% rarely flipping booleans 0/1, 10%
 * machine states 0..5; 30% of the series with 0-3 ms of timestamp jitter) and the <b>year</b> (one
 * series, 1 Hz for 365 days, a temperature with seasonal and daily waves, drift and noise, rounded
 * to 0.01). Timestamps are epoch ms (the unit every peer accepts); rows are pushed to a sink.
 */
final class PeerWorkloads {
    static final long PLANT_START_MS = 1_767_225_600_000L;   // 2026-01-01T00:00:00Z
    static final long YEAR_START_MS = 1_735_689_600_000L;    // 2025-01-01T00:00:00Z
    static final int PLANT_SERIES = 10_000;
    static final int PLANT_SECONDS = 3_600;
    static final int YEAR_SECONDS = 365 * 86_400;

    /** Receives rows. */
    interface Sink {
        void row(int series, long timestampMs, double value);
    }

    private PeerWorkloads() {
    }

    static String plantPath(int series) {
        return "plant/site" + (series % 2) + "/line" + (series / 2 % 50) + "/tag" + series;
    }

    static void plant(Sink sink) {
        SplittableRandom random = new SplittableRandom(42);
        double[] state = new double[PLANT_SERIES];
        double[] drift = new double[PLANT_SERIES];
        boolean[] jitter = new boolean[PLANT_SERIES];
        for (int s = 0; s < PLANT_SERIES; s++) {
            state[s] = kind(s) == 0 ? 20 + random.nextDouble() * 60 : kind(s) == 2 ? random.nextInt(1_000_000) : 0;
            jitter[s] = random.nextInt(10) < 3;
        }
        for (int second = 0; second < PLANT_SECONDS; second++) {
            for (int s = 0; s < PLANT_SERIES; s++) {
                double value;
                switch (kind(s)) {
                    case 0:
                        drift[s] = 0.999 * drift[s] + random.nextGaussian() * 0.001;
                        state[s] += drift[s] + random.nextGaussian() * 0.005;
                        value = Math.round(state[s] * 100) / 100.0;
                        break;
                    case 1:
                        value = Math.round((1.5 + random.nextGaussian() * 0.2) * 10_000) / 10_000.0;
                        break;
                    case 2:
                        state[s] += random.nextInt(10) < 8 ? 1 : random.nextInt(3);
                        value = state[s];
                        break;
                    case 3:
                        if (random.nextInt(600) == 0) {
                            state[s] = 1 - state[s];
                        }
                        value = state[s];
                        break;
                    default:
                        if (random.nextInt(300) == 0) {
                            state[s] = random.nextInt(6);
                        }
                        value = state[s];
                        break;
                }
                long t = PLANT_START_MS + second * 1000L + (jitter[s] ? random.nextInt(4) : 0);
                sink.row(s, t, value);
            }
        }
    }

    /** 0 temperature (40%), 1 vibration (20%), 2 counter (15%), 3 boolean (15%), 4 state (10%). */
    static int kind(int series) {
        int slot = series % 20;
        return slot < 8 ? 0 : slot < 12 ? 1 : slot < 15 ? 2 : slot < 18 ? 3 : 4;
    }

    static void year(Sink sink) {
        SplittableRandom random = new SplittableRandom(7);
        double drift = 0;
        for (int second = 0; second < YEAR_SECONDS; second++) {
            drift = 0.9999 * drift + random.nextGaussian() * 0.002;
            double value = 15 + 10 * Math.sin(2 * Math.PI * second / YEAR_SECONDS)
                + 4 * Math.sin(2 * Math.PI * (second % 86_400) / 86_400.0) + drift + random.nextGaussian() * 0.05;
            sink.row(0, YEAR_START_MS + second * 1000L, Math.round(value * 100) / 100.0);
        }
    }
}
