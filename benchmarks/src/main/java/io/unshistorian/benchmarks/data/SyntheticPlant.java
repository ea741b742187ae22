package io.unshistorian.benchmarks.data;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;

/**
 * A seeded, deterministic plant: series sampled at 1 Hz, with the mix the benchmark issues describe:
 * 40% slowly drifting temperatures rounded to 0.01, 20% noisy vibration with 4 decimals, 15%
 * monotonic integer counters, 15% booleans that rarely flip, 10% machine states 0..5; 30% of the
 * series carry 0-3 ms of timestamp jitter. Values are DOUBLE so every codec sees the same numbers.
 */
public final class SyntheticPlant {
    /** One generated series. */
    public record Series(String path, SampleColumns samples) {
    }

    private static final long START_NANOS = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    private SyntheticPlant() {
    }

    public static List<Series> generate(long seed, int seriesCount, int seconds) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Series> plant = new ArrayList<>(seriesCount);
        for (int s = 0; s < seriesCount; s++) {
            int kind = (s * 20 / Math.max(1, seriesCount)) % 20; // spread kinds evenly: 8,4,3,3,2 of 20
            boolean jitter = random.nextInt(10) < 3;
            SampleColumns samples = new SampleColumns(ValueType.DOUBLE, seconds);
            Signal signal = signalFor(kind, random.split());
            for (int i = 0; i < seconds; i++) {
                long t = START_NANOS + i * 1_000_000_000L + (jitter ? random.nextInt(4) * 1_000_000L : 0);
                samples.addDouble(t, signal.next(), 0);
            }
            plant.add(new Series(pathFor(s, signal.tag()), samples));
        }
        return plant;
    }

    private static String pathFor(int index, String tag) {
        return "acme/site" + (index % 2) + "/area" + (index / 2 % 3) + "/line" + (index / 6 % 4) + "/cell"
            + (index / 24) + "/" + tag;
    }

    private static Signal signalFor(int kind, SplittableRandom random) {
        if (kind < 8) {
            return new Temperature(random);
        } else if (kind < 12) {
            return new Vibration(random);
        } else if (kind < 15) {
            return new Counter(random);
        } else if (kind < 18) {
            return new RareBoolean(random);
        }
        return new MachineState(random);
    }

    private interface Signal {
        double next();

        String tag();
    }

    private static final class Temperature implements Signal {
        private final SplittableRandom random;
        private double value;
        private double drift;

        Temperature(SplittableRandom random) {
            this.random = random;
            this.value = 20 + random.nextDouble() * 60;
        }

        @Override
        public double next() {
            drift = 0.999 * drift + random.nextGaussian() * 0.001;
            value += drift + random.nextGaussian() * 0.005;
            return Math.round(value * 100) / 100.0;
        }

        @Override
        public String tag() {
            return "temperature";
        }
    }

    private static final class Vibration implements Signal {
        private final SplittableRandom random;
        private final double level;

        Vibration(SplittableRandom random) {
            this.random = random;
            this.level = 0.5 + random.nextDouble() * 2;
        }

        @Override
        public double next() {
            return Math.round((level + random.nextGaussian() * 0.2) * 10_000) / 10_000.0;
        }

        @Override
        public String tag() {
            return "vibration";
        }
    }

    private static final class Counter implements Signal {
        private final SplittableRandom random;
        private long count;

        Counter(SplittableRandom random) {
            this.random = random;
            this.count = random.nextInt(1_000_000);
        }

        @Override
        public double next() {
            count += random.nextInt(10) < 8 ? 1 : random.nextInt(3);
            return count;
        }

        @Override
        public String tag() {
            return "counter";
        }
    }

    private static final class RareBoolean implements Signal {
        private final SplittableRandom random;
        private boolean on;

        RareBoolean(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public double next() {
            if (random.nextInt(600) == 0) {
                on = !on;
            }
            return on ? 1 : 0;
        }

        @Override
        public String tag() {
            return "running";
        }
    }

    private static final class MachineState implements Signal {
        private final SplittableRandom random;
        private int state;

        MachineState(SplittableRandom random) {
            this.random = random;
        }

        @Override
        public double next() {
            if (random.nextInt(300) == 0) {
                state = random.nextInt(6);
            }
            return state;
        }

        @Override
        public String tag() {
            return "state";
        }
    }
}
