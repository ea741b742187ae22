package io.unshistorian.ingest.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated ISA-95 plant: {@code sites x areas x lines} lines, each with ten tags of realistic
 * signals: a slowly drifting temperature, noisy vibration, pressure, speed and power, a flow, a
 * monotonic good-part counter (LONG), a running flag (BOOLEAN) and a machine state (STRING) that
 * change rarely. Seeded and deterministic; {@link #tick} produces one sample per tag.
 */
public final class SimulatedPlant {
    /** Receives one tick's samples. */
    public interface Sink {
        void doubleSample(String path, long timestampNanos, double value);

        void longSample(String path, long timestampNanos, long value);

        void booleanSample(String path, long timestampNanos, boolean value);

        void stringSample(String path, long timestampNanos, String value);
    }

    private static final String[] STATES = {"RUNNING", "IDLE", "SETUP", "STOPPED", "FAULT"};

    private final List<Line> lines = new ArrayList<>();
    private final SplittableRandom random;

    public SimulatedPlant(long seed, int sites, int areas, int linesPerArea) {
        this.random = new SplittableRandom(seed);
        String[] siteNames = {"dallas", "berlin", "osaka", "pune", "leon"};
        String[] areaNames = {"packaging", "mixing", "utilities", "assembly", "paint"};
        for (int s = 0; s < sites; s++) {
            for (int a = 0; a < areas; a++) {
                for (int l = 0; l < linesPerArea; l++) {
                    lines.add(new Line("acme/" + siteNames[s % siteNames.length] + (s >= siteNames.length ? s : "") + "/"
                        + areaNames[a % areaNames.length] + "/line" + (l + 1) + "/cell1", random.split()));
                }
            }
        }
    }

    /** Number of tags (series) the plant publishes. */
    public int tagCount() {
        return lines.size() * Line.TAGS;
    }

    /** One path of each kind of tag of the first line, for a live view. */
    public List<String> samplePaths() {
        Line first = lines.get(0);
        return List.of(first.prefix + "/temperature", first.prefix + "/vibration", first.prefix + "/good_parts",
            first.prefix + "/running", first.prefix + "/state");
    }

    /** Advances every tag to {@code timestampNanos} and hands one sample of each to the sink. */
    public void tick(long timestampNanos, Sink sink) {
        for (Line line : lines) {
            line.tick(timestampNanos, sink);
        }
    }

    private static final class Line {
        static final int TAGS = 10;
        final String prefix;
        final SplittableRandom random;
        double temperature;
        double drift;
        double pressure;
        long goodParts;
        boolean running = true;
        int state;

        Line(String prefix, SplittableRandom random) {
            this.prefix = prefix;
            this.random = random;
            this.temperature = 60 + random.nextDouble() * 20;
            this.pressure = 4 + random.nextDouble();
            this.goodParts = random.nextInt(100_000);
        }

        void tick(long t, Sink sink) {
            drift = 0.995 * drift + random.nextGaussian() * 0.01;
            temperature += drift + (running ? 0.002 : -0.01);
            pressure += (4.5 - pressure) * 0.01 + random.nextGaussian() * 0.005;
            if (random.nextInt(900) == 0) {
                running = !running;
                state = running ? 0 : 1 + random.nextInt(STATES.length - 1);
            }
            if (running) {
                goodParts += random.nextInt(10) < 9 ? 1 : 0;
            }
            sink.doubleSample(prefix + "/temperature", t, Math.round(temperature * 100) / 100.0);
            sink.doubleSample(prefix + "/vibration", t, Math.round((running ? 2.0 : 0.1) * (1 + random.nextGaussian() * 0.1)
                * 10_000) / 10_000.0);
            sink.doubleSample(prefix + "/pressure", t, Math.round(pressure * 1000) / 1000.0);
            sink.doubleSample(prefix + "/speed", t, running ? Math.round(1200 + random.nextGaussian() * 5) : 0);
            sink.doubleSample(prefix + "/power", t, Math.round((running ? 15 : 1.2) * (1 + random.nextGaussian() * 0.02)
                * 100) / 100.0);
            sink.doubleSample(prefix + "/flow", t, running ? Math.round((32 + random.nextGaussian()) * 10) / 10.0 : 0);
            sink.doubleSample(prefix + "/humidity", t, Math.round((45 + random.nextGaussian()) * 10) / 10.0);
            sink.longSample(prefix + "/good_parts", t, goodParts);
            sink.booleanSample(prefix + "/running", t, running);
            sink.stringSample(prefix + "/state", t, STATES[state]);
        }
    }
}
