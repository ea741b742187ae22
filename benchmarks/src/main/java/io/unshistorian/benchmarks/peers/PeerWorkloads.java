package io.unshistorian.benchmarks.peers;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The comparison workloads, seeded and deterministic, as rows in time order (across series):
 * the <b>plant</b> (10,000 series x 3,600 s at 1 Hz: 40% drifting temperatures rounded to 0.01, 20%
 * vibration with 4 decimals, 15% monotonic integer counters, 15% rarely flipping booleans 0/1, 10%
 * machine states 0..5; 30% of the series with 0-3 ms of timestamp jitter) and the <b>year</b> (one
 * series, 1 Hz for 365 days, a temperature with seasonal and daily waves, drift and noise, rounded
 * to 0.01) and the <b>sparse</b> plant (20,000 series over the same year, most of them reporting by
 * exception: see {@link #sparse}). Timestamps are epoch ms (the unit every peer accepts); rows are
 * pushed to a sink.
 */
public final class PeerWorkloads {
    static final long PLANT_START_MS = 1_767_225_600_000L;   // 2026-01-01T00:00:00Z
    static final long YEAR_START_MS = 1_735_689_600_000L;    // 2025-01-01T00:00:00Z
    static final int PLANT_SERIES = 10_000;
    static final int PLANT_SECONDS = 3_600;
    static final int YEAR_SECONDS = 365 * 86_400;

    /** Shrinks the sparse plant for a smoke run: {@code -Dsparse.scale=0.05} keeps 5% of each kind's series. */
    static final double SPARSE_SCALE = Double.parseDouble(System.getProperty("sparse.scale", "1"));
    static final int SPARSE_SERIES = scaled(20_000);
    static final int SPARSE_METERS = scaled(600);
    static final int SPARSE_PROCESS = scaled(90);
    static final int SPARSE_FAST = scaled(2);
    static final int SPARSE_EXCEPTION = SPARSE_SERIES - SPARSE_METERS - SPARSE_PROCESS - SPARSE_FAST;
    /** A process value's period in s, one drawn per series: mostly 5 min, a few 1-3 min. */
    private static final int[] PROCESS_PERIODS = {300, 300, 300, 300, 300, 300, 180, 180, 120, 60};
    private static final String[] PROCESS_TAGS = {"temperature_c", "pressure_bar", "flow_m3h", "level_pct"};
    /** Report-by-exception tags by series % 3: a valve's boolean, a machine's state 0..5, a setpoint. */
    private static final String[] EXCEPTION_DEVICES = {"valve", "machine", "controller"};
    private static final String[] EXCEPTION_TAGS = {"open", "state", "setpoint"};
    /** Low bits of a queued change that hold its series; the high bits hold its ms since the start. */
    private static final int SERIES_BITS = 20;

    /** Receives rows. */
    public interface Sink {
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

    public static void year(Sink sink) {
        SplittableRandom random = new SplittableRandom(7);
        double drift = 0;
        for (int second = 0; second < YEAR_SECONDS; second++) {
            drift = 0.9999 * drift + random.nextGaussian() * 0.002;
            double value = 15 + 10 * Math.sin(2 * Math.PI * second / YEAR_SECONDS)
                + 4 * Math.sin(2 * Math.PI * (second % 86_400) / 86_400.0) + drift + random.nextGaussian() * 0.05;
            sink.row(0, YEAR_START_MS + second * 1000L, Math.round(value * 100) / 100.0);
        }
    }

    private static int scaled(int count) {
        return (int) Math.round(count * SPARSE_SCALE);
    }

    /** 0 energy meter, 1 process value, 2 report-by-exception tag, 3 fast series: by index, in that order. */
    static int sparseKind(int series) {
        return series < SPARSE_METERS ? 0 : series < SPARSE_METERS + SPARSE_PROCESS ? 1
            : series < SPARSE_SERIES - SPARSE_FAST ? 2 : 3;
    }

    /** ISA-95 style: enterprise/site/area/line/device/tag, e.g. acme/site2/area5/line1/meter17/energy_kwh. */
    static String sparsePath(int series) {
        String device;
        String tag;
        switch (sparseKind(series)) {
            case 0:
                device = "meter";
                tag = "energy_kwh";
                break;
            case 1:
                device = "unit";
                tag = PROCESS_TAGS[series % PROCESS_TAGS.length];
                break;
            case 2:
                device = EXCEPTION_DEVICES[series % 3];
                tag = EXCEPTION_TAGS[series % 3];
                break;
            default:
                device = "pump";
                tag = "vibration_mm_s";
                break;
        }
        return "acme/site" + (1 + series % 4) + "/area" + (1 + series / 4 % 10) + "/line" + (1 + series / 40 % 10)
            + "/" + device + series + "/" + tag;
    }

    /**
     * The sparse plant over the year from {@link #YEAR_START_MS}, in time order across series. Its
     * 20,000 series, in index order (row counts of the full size, seed 11):
     * <ul>
     * <li>600 energy meters every 15 min (21,024,000 rows): monotonic kWh counters starting at
     * 0-1,000,000, a load per meter of 2-102 kWh per 15 min (40% of it from 22 h to 6 h) with 10%
     * noise, rounded to 0.1 or 0.01;</li>
     * <li>90 process values every 1-5 min (a period per series of 60, 120, 180 s or, 6 in 10, 300 s;
     * 17,993,040 rows): mean-reverting random walks around a level of 10-500, rounded to 1 or 2
     * decimals;</li>
     * <li>19,308 report-by-exception tags, by series % 3 booleans, states 0..5 and setpoints (a
     * centre of 20-200, +/- up to 5 in steps of 0.5): the value at the start, then only changes, at
     * exponential intervals with a mean per tag log-uniform in 15 min-1 h for 3 in 100 tags (a few
     * changes an hour) and in 4-8 h for the others (a few a day; 40,874,720 rows);</li>
     * <li>2 fast vibration series at 1 Hz, 3 decimals (63,072,000 rows).</li>
     * </ul>
     * 142,963,760 rows in all. Meters and process values are 3.5% of the series rather than two
     * thirds: a meter costs 35,040 rows a year and a process value 105,120-525,600, so beside the fast
     * series' 63 M rows, 20,000 series stay under 150 M rows only if nearly all of them are quiet.
     */
    static void sparse(Sink sink) {
        SplittableRandom random = new SplittableRandom(11);
        int series = SPARSE_SERIES;
        double[] value = new double[series];     // meter reading, process value or tag value now
        double[] level = new double[series];     // meter load, process level, setpoint centre or vibration mean
        double[] decimals = new double[series];  // 10 or 100: what meters and process values are rounded to
        int[] period = new int[series];          // s between samples of meters and process values
        double[] meanMs = new double[series];    // mean ms between changes of a report-by-exception tag
        PriorityQueue<Long> changes = new PriorityQueue<>();   // each tag's next change: ms << SERIES_BITS | series
        for (int s = 0; s < series; s++) {
            switch (sparseKind(s)) {
                case 0:
                    period[s] = 900;
                    value[s] = random.nextInt(1_000_000);
                    level[s] = 2 + random.nextDouble() * 100;
                    decimals[s] = random.nextBoolean() ? 10 : 100;
                    break;
                case 1:
                    period[s] = PROCESS_PERIODS[random.nextInt(PROCESS_PERIODS.length)];
                    level[s] = 10 + random.nextDouble() * 490;
                    value[s] = level[s];
                    decimals[s] = random.nextBoolean() ? 10 : 100;
                    break;
                case 2:
                    meanMs[s] = random.nextInt(100) < 3 ? 900_000 * Math.pow(4, random.nextDouble())
                        : 14_400_000 * Math.pow(2, random.nextDouble());
                    level[s] = Math.round(20 + random.nextDouble() * 180);
                    value[s] = s % 3 == 0 ? random.nextInt(2) : s % 3 == 1 ? random.nextInt(6) : level[s];
                    sink.row(s, YEAR_START_MS, value[s]);
                    changes.add(nextChange(0, meanMs[s], random) << SERIES_BITS | s);
                    break;
                default:
                    level[s] = 1.5 + random.nextDouble() * 3;
                    break;
            }
        }
        for (int second = 0; second < YEAR_SECONDS; second++) {
            long t = YEAR_START_MS + second * 1000L;
            for (int s = series - SPARSE_FAST; s < series; s++) {
                sink.row(s, t, Math.round((level[s] + random.nextGaussian() * 0.3) * 1000) / 1000.0);
            }
            if (second % 60 == 0) {
                boolean night = second / 3600 % 24 < 6 || second / 3600 % 24 >= 22;
                for (int s = 0; s < SPARSE_METERS + SPARSE_PROCESS; s++) {
                    if (second % period[s] != 0) {
                        continue;
                    }
                    if (s < SPARSE_METERS) {
                        value[s] += Math.max(0, level[s] * (night ? 0.4 : 1) * (1 + random.nextGaussian() * 0.1));
                    } else {
                        value[s] += 0.05 * (level[s] - value[s]) + random.nextGaussian() * 0.005 * level[s];
                    }
                    sink.row(s, t, Math.round(value[s] * decimals[s]) / decimals[s]);
                }
            }
            while (!changes.isEmpty() && changes.peek() >>> SERIES_BITS < (second + 1) * 1000L) {
                long change = changes.poll();
                int s = (int) (change & (1 << SERIES_BITS) - 1);
                long ms = change >>> SERIES_BITS;
                if (s % 3 == 0) {
                    value[s] = 1 - value[s];
                } else if (s % 3 == 1) {
                    value[s] = (value[s] + 1 + random.nextInt(5)) % 6;   // any other state
                } else {
                    double setpoint;
                    do {
                        setpoint = level[s] + (random.nextInt(21) - 10) * 0.5;
                    } while (setpoint == value[s]);
                    value[s] = setpoint;
                }
                sink.row(s, YEAR_START_MS + ms, value[s]);
                changes.add(nextChange(ms, meanMs[s], random) << SERIES_BITS | s);
            }
        }
    }

    /** The ms (since the start) of the change after the one at {@code ms}: an exponential interval, at least 1 ms. */
    private static long nextChange(long ms, double meanMs, SplittableRandom random) {
        return ms + Math.max(1, Math.round(-meanMs * Math.log(1 - random.nextDouble())));
    }
}
