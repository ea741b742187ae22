package io.unshistorian.benchmarks.grpc;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.embedded.Historian;
import io.unshistorian.forward.ForwardOptions;
import io.unshistorian.forward.ForwardStatus;
import io.unshistorian.forward.Forwarder;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.testkit.FreePorts;

/**
 * Store-and-forward figures, in one run: a central {@code historian serve} in its own JVM (as
 * {@link GrpcHarness} runs it) and, in this JVM, either a gRPC client or an edge {@link Historian}
 * with a {@link Forwarder}, both sending a plant of 10,000 series in batches of 10,000 samples (one
 * second of the plant) to the central over 127.0.0.1.
 * <ol>
 * <li><b>direct</b>: a client writes a window of the plant on one Write stream, 8 batches in flight
 *     (GrpcHarness's client); samples / seconds from the first send to the last acknowledgement.</li>
 * <li><b>forwarding</b>: the same-sized window written into a fresh edge first (embedded writes, the
 *     head compacted; not timed), then a fresh forwarder (new state, new incarnation) started against
 *     the same central; samples forwarded / seconds from {@code start()} until {@code status().complete()}
 *     (polled every 10 ms). Direct and forwarding rounds alternate on one central, each on its own
 *     window of plant time, so both meet the central equally warm and only ever append.</li>
 * <li><b>catch-up</b>: a forwarder runs against a fresh central; the central is stopped, the edge
 *     records a 10-minute outage of the plant at 1 Hz (6,000,000 samples) while the forwarder retries,
 *     then the central is started again on the same directory and port: seconds from the central's
 *     launch and from its port opening until complete. The central stays down as long as writing the
 *     outage takes (seconds), or {@code --outage-wall-seconds} of wall time if longer: what a long
 *     outage does to the channel's reconnect back-off. Then, with the central up, a fresh edge holding
 *     the next 10 minutes and a forwarder with a rate limit: achieved samples/s against the limit.</li>
 * </ol>
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.grpc.ForwardHarness
 *     [--rounds 5] [--round-seconds 300] [--outage-seconds 600] [--rate-limit 300000]
 *     [--outage-wall-seconds 0]</pre>
 */
public final class ForwardHarness {
    private static final long T0 = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final int SERIES = 10_000;
    /** Batches in flight for the direct client, as GrpcHarness's (the forwarder keeps 4). */
    private static final long POLL_MILLIS = 10;
    private static final long COMPLETE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(300);
    /** The plant's paths, as PeerWorkloads names them: plant/site{0-1}/line{0-49}/tag{n}. */
    private static final String[] PATHS = new String[SERIES];

    static {
        for (int s = 0; s < SERIES; s++) {
            PATHS[s] = "plant/site" + (s % 2) + "/line" + (s / 2 % 50) + "/tag" + s;
        }
    }

    private static final long STARTED = System.nanoTime();

    private ForwardHarness() {
    }

    /** A progress line, stamped with the seconds since the harness started. */
    private static void log(String format, Object... arguments) {
        System.out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - STARTED) / 1e9,
            String.format(Locale.ROOT, format, arguments));
    }

    /** The plant at 1 Hz, seeded: 40% temperatures (0.01), 20% vibration (4 decimals), 15% counters,
     *  15% booleans 0/1, 10% states 0..5; 30% of the series with 0-3 ms of timestamp jitter. */
    private static final class Plant {
        private final SplittableRandom random = new SplittableRandom(42);
        private final double[] state = new double[SERIES];
        private final double[] drift = new double[SERIES];
        private final boolean[] jitter = new boolean[SERIES];
        private int second;

        Plant() {
            for (int s = 0; s < SERIES; s++) {
                state[s] = kind(s) == 0 ? 20 + random.nextDouble() * 60 : kind(s) == 2 ? random.nextInt(1_000_000) : 0;
                jitter[s] = random.nextInt(10) < 3;
            }
        }

        private static int kind(int series) {
            int slot = series % 20;
            return slot < 8 ? 0 : slot < 12 ? 1 : slot < 15 ? 2 : slot < 18 ? 3 : 4;
        }

        /** The next {@code seconds} of the plant: timestamps and values, [second][series]. */
        Window next(int seconds) {
            Window window = new Window(new long[seconds][SERIES], new double[seconds][SERIES]);
            for (int k = 0; k < seconds; k++, second++) {
                for (int s = 0; s < SERIES; s++) {
                    double value;
                    switch (kind(s)) {
                        case 0 -> {
                            drift[s] = 0.999 * drift[s] + random.nextGaussian() * 0.001;
                            state[s] += drift[s] + random.nextGaussian() * 0.005;
                            value = Math.round(state[s] * 100) / 100.0;
                        }
                        case 1 -> value = Math.round((1.5 + random.nextGaussian() * 0.2) * 10_000) / 10_000.0;
                        case 2 -> {
                            state[s] += random.nextInt(10) < 8 ? 1 : random.nextInt(3);
                            value = state[s];
                        }
                        case 3 -> {
                            if (random.nextInt(600) == 0) {
                                state[s] = 1 - state[s];
                            }
                            value = state[s];
                        }
                        default -> {
                            if (random.nextInt(300) == 0) {
                                state[s] = random.nextInt(6);
                            }
                            value = state[s];
                        }
                    }
                    window.times[k][s] = T0 + second * SECOND + (jitter[s] ? random.nextInt(4) * MILLI : 0);
                    window.values[k][s] = value;
                }
            }
            return window;
        }
    }

    private record Window(long[][] times, double[][] values) {
        long samples() {
            return (long) times.length * SERIES;
        }
    }

    /** One timed phase: samples, wall ns, CPU ns of this JVM and of the central. */
    private record Timed(long samples, long nanos, long clientCpu, long centralCpu) {
        double perSecond() {
            return samples / (nanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = 5;
        int roundSeconds = 300;
        int outageSeconds = 600;
        long rateLimit = 300_000;
        int outageWallSeconds = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--round-seconds" -> roundSeconds = Integer.parseInt(args[i + 1]);
                case "--outage-seconds" -> outageSeconds = Integer.parseInt(args[i + 1]);
                case "--rate-limit" -> rateLimit = Long.parseLong(args[i + 1]);
                case "--outage-wall-seconds" -> outageWallSeconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; options: --rounds N --round-seconds S --outage-seconds S --rate-limit SAMPLES/S "
                    + "--outage-wall-seconds S");
            }
        }
        System.out.println("command: " + commandLine());
        System.out.printf(Locale.ROOT, "machine: %d cores, JDK %s, load average at start %s%n",
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), loadAverage());
        System.out.printf(Locale.ROOT, "plant: %,d series at 1 Hz, batches of %,d samples (1 s of the plant); "
            + "%d rounds of %d s (%,d samples) direct and forwarded, alternating; outage %d s (%,d samples)%n",
            SERIES, SERIES, rounds, roundSeconds, (long) roundSeconds * SERIES, outageSeconds,
            (long) outageSeconds * SERIES);
        Path work = Files.createTempDirectory("uns-forward-bench");
        Plant plant = new Plant();
        List<String> table = new ArrayList<>();
        try {
            // 1 and 2: direct and forwarded rounds alternating on one central.
            double[] direct = new double[rounds];
            double[] forwarded = new double[rounds];
            int port = FreePorts.free();
            Process central = GrpcHarness.startServer(work.resolve("central-1"), port, List.of());
            try {
                GrpcHarness.waitForPort(port);
                ManagedChannel channel = channel(port);
                try {
                    for (int round = 0; round < rounds; round++) {
                        Timed d = direct(channel, PATHS, plant.next(roundSeconds), central);
                        direct[round] = d.perSecond();
                        print("direct    round " + (round + 1), d);
                        Path edge = work.resolve("edge-" + (round + 1));
                        Timed f = forward(channel, port, edge, plant.next(roundSeconds), central, round + 1);
                        forwarded[round] = f.perSecond();
                        print("forwarded round " + (round + 1), f);
                        delete(edge);
                    }
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            } finally {
                stop(central);
            }
            double directMedian = median(direct);
            double forwardedMedian = median(forwarded);
            table.add(row("direct gRPC write, batches of 10,000 (8 in flight)", rounds(direct),
                mps(directMedian), ""));
            table.add(row("forwarding, edge WAL -> central (4 in flight)", rounds(forwarded), mps(forwardedMedian),
                ""));
            double ratio = forwardedMedian / directMedian;
            table.add(row("forwarding / direct", "", String.format(Locale.ROOT, "%.3f", ratio),
                ratio >= 0.8 ? "≥ 0.8 met" : String.format(Locale.ROOT, "≥ 0.8 MISSED (%.1f%% short)",
                    (0.8 - ratio) / 0.8 * 100)));

            // 3: catch-up after an outage, then a rate-limited catch-up.
            table.addAll(catchUp(work, plant, outageSeconds, outageWallSeconds, rateLimit));
        } finally {
            delete(work);
        }
        System.out.println();
        System.out.println("| figure | rounds | median / result | target |");
        System.out.println("|---|---|---:|---|");
        table.forEach(System.out::println);
    }

    private static String row(String figure, String rounds, String result, String target) {
        return "| " + figure + " | " + rounds + " | " + result + " | " + target + " |";
    }

    private static String rounds(double[] perSecond) {
        StringBuilder text = new StringBuilder();
        for (double figure : perSecond) {
            text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", figure / 1e6));
        }
        return text.append(" M/s").toString();
    }

    private static String mps(double perSecond) {
        return String.format(Locale.ROOT, "%.3f M samples/s", perSecond / 1e6);
    }

    private static void print(String label, Timed timed) {
        log("%s: %,d samples in %.3f s = %.3f M samples/s; CPU s: this JVM %.2f, central %.2f", label, timed.samples(), timed.nanos() / 1e9, timed.perSecond() / 1e6,
            timed.clientCpu() / 1e9, timed.centralCpu() / 1e9);
    }

    /** Writes {@code window} on one Write stream, {@link PipelinedWrites#IN_FLIGHT} batches in flight. */
    private static Timed direct(ManagedChannel channel, String[] paths, Window window, Process central)
        throws Exception {
        long clientCpu = cpu(ProcessHandle.current());
        long centralCpu = cpu(central.toHandle());
        long start = System.nanoTime();
        PipelinedWrites writes = new PipelinedWrites(channel);
        for (int k = 0; k < window.times.length; k++) {
            WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(k + 1);
            long[] times = window.times[k];
            double[] values = window.values[k];
            for (int s = 0; s < SERIES; s++) {
                batch.addSeries(SeriesSamples.newBuilder().setPath(paths[s]).setType(ValueType.DOUBLE)
                    .addTimestampsNs(times[s]).addDoubleValues(values[s]));
            }
            writes.send(batch.build());
        }
        long samples = writes.finish();
        long nanos = System.nanoTime() - start;
        if (samples != window.samples()) {
            throw new IllegalStateException("the central accepted " + samples + " of " + window.samples());
        }
        return new Timed(samples, nanos, cpu(ProcessHandle.current()) - clientCpu, cpu(central.toHandle()) - centralCpu);
    }

    /** A fresh edge holding {@code window} (not timed), then a fresh forwarder timed until complete. */
    private static Timed forward(ManagedChannel channel, int port, Path edgeDirectory, Window window,
                                 Process central, int round) throws Exception {
        try (Historian edge = Historian.open(edgeDirectory)) {
            // The forwarder is made first: from then on the edge keeps its WAL for it.
            try (Forwarder forwarder = new Forwarder(edge, channel, "127.0.0.1:" + port,
                ForwardOptions.of("bench-edge-" + round), edgeDirectory.resolve("forward").resolve("bench.state"))) {
                write(edge, window);
                edge.compactNow();
                long clientCpu = cpu(ProcessHandle.current());
                long centralCpu = cpu(central.toHandle());
                long start = System.nanoTime();
                forwarder.start();
                ForwardStatus status = awaitComplete(forwarder, start, null);
                long nanos = System.nanoTime() - start;
                if (status.samplesForwarded() != window.samples()) {
                    throw new IllegalStateException("forwarded " + status.samplesForwarded() + " of "
                        + window.samples());
                }
                return new Timed(status.samplesForwarded(), nanos, cpu(ProcessHandle.current()) - clientCpu,
                    cpu(central.toHandle()) - centralCpu);
            }
        }
    }

    /** Writes every second of {@code window} into the edge as one batch of 10,000 samples. */
    private static void write(Historian edge, Window window) throws IOException {
        io.unshistorian.storage.write.WriteBatch batch = new io.unshistorian.storage.write.WriteBatch(SERIES);
        for (int k = 0; k < window.times.length; k++) {
            for (int s = 0; s < SERIES; s++) {
                batch.addDouble(PATHS[s], window.times[k][s], window.values[k][s]);
            }
            edge.write(batch);
            batch.clear();
        }
    }

    /**
     * Polls every 10 ms until complete (failing on a gap or after 300 s); {@code progress}, when
     * given, gets one {ns since start, samples forwarded} pair per poll.
     */
    private static ForwardStatus awaitComplete(Forwarder forwarder, long start, List<long[]> progress)
        throws InterruptedException {
        while (true) {
            ForwardStatus status = forwarder.status();
            long now = System.nanoTime();
            if (progress != null) {
                progress.add(new long[] {now - start, status.samplesForwarded()});
            }
            if (!status.gaps().isEmpty()) {
                throw new IllegalStateException("the forwarder lists gaps: " + status.gaps());
            }
            if (status.complete()) {
                return status;
            }
            if (now - start > COMPLETE_TIMEOUT_NANOS) {
                throw new IllegalStateException("not complete after 300 s: " + status);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /**
     * The outage: a forwarder running against a fresh central, the central stopped, the outage written
     * into the edge, the central started again on its directory and port; then a rate-limited catch-up
     * of the next outage-sized window into the same central.
     */
    private static List<String> catchUp(Path work, Plant plant, int outageSeconds, int outageWallSeconds,
                                        long rateLimit) throws Exception {
        List<String> rows = new ArrayList<>();
        int port = FreePorts.free();
        Path centralData = work.resolve("central-2");
        Path edgeDirectory = work.resolve("edge-outage");
        Process central = GrpcHarness.startServer(centralData, port, List.of());
        ManagedChannel channel = null;
        try {
            GrpcHarness.waitForPort(port);
            channel = channel(port);
            try (Historian edge = Historian.open(edgeDirectory);
                 Forwarder forwarder = new Forwarder(edge, channel, "127.0.0.1:" + port,
                     ForwardOptions.of("bench-outage"), edgeDirectory.resolve("forward").resolve("bench.state"))) {
                forwarder.start();
                stop(central);                                  // the outage starts
                long down = System.nanoTime();
                Window outage = plant.next(outageSeconds);
                long writeStart = System.nanoTime();
                write(edge, outage);
                double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
                edge.compactNow();
                ForwardStatus during = forwarder.status();
                log("outage: %,d samples written into the edge in %.2f s (%.3f M/s, not timed); the forwarder "
                        + "meanwhile: %d of %d batches acknowledged, last error: %s",
                    outage.samples(), writeSeconds, outage.samples() / writeSeconds / 1e6, during.acknowledged() + 1,
                    during.edgeLastSequence() + 1, during.lastError());
                outage = null;
                long wait = down + TimeUnit.SECONDS.toNanos(outageWallSeconds) - System.nanoTime();
                if (wait > 0) {
                    log("keeping the central down for %d s of wall time in all (--outage-wall-seconds)",
                        outageWallSeconds);
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                log("the central was down for %.1f s of wall time; starting it again",
                    (System.nanoTime() - down) / 1e9);
                long clientCpu = cpu(ProcessHandle.current());
                long launch = System.nanoTime();
                central = GrpcHarness.startServer(centralData, port, List.of());   // the central is back
                GrpcHarness.waitForPort(port);
                long open = System.nanoTime();
                long centralCpu = cpu(central.toHandle());
                List<long[]> progress = new ArrayList<>();
                ForwardStatus status = awaitComplete(forwarder, launch, progress);
                long done = System.nanoTime();
                long firstAck = progress.stream().filter(p -> p[1] > 0).mapToLong(p -> p[0]).findFirst().orElse(0);
                Timed fromOpen = new Timed(status.samplesForwarded(), done - open,
                    cpu(ProcessHandle.current()) - clientCpu, cpu(central.toHandle()) - centralCpu);
                print("catch-up (from the central's port open)", fromOpen);
                log("catch-up: central launch to port open %.2f s, port open to the first acknowledgement seen "
                        + "%.2f s, launch to complete %.2f s", (open - launch) / 1e9,
                    (firstAck - (open - launch)) / 1e9, (done - launch) / 1e9);
                if (status.samplesForwarded() != (long) outageSeconds * SERIES) {
                    throw new IllegalStateException("forwarded " + status.samplesForwarded());
                }
                double total = (done - launch) / 1e9;
                rows.add(row(String.format(Locale.ROOT, "catch-up after a %d-s outage, %,d samples: central launch "
                        + "to complete", outageSeconds, status.samplesForwarded()),
                    String.format(Locale.ROOT, "launch→port open %.2f s, port open→first ack %.2f s",
                        (open - launch) / 1e9, (firstAck - (open - launch)) / 1e9),
                    String.format(Locale.ROOT, "%.2f s", total),
                    total <= 60 ? "≤ 60 s met" : String.format(Locale.ROOT, "≤ 60 s MISSED by %.1f s", total - 60)));
                rows.add(row("catch-up rate, port open to complete", "", mps(fromOpen.perSecond()), ""));
            }
            delete(edgeDirectory);

            // Rate-limited: a fresh edge with the next outage-sized window, the forwarder started after.
            Path limitedEdge = work.resolve("edge-limited");
            try (Historian edge = Historian.open(limitedEdge);
                 Forwarder forwarder = new Forwarder(edge, channel, "127.0.0.1:" + port,
                     ForwardOptions.of("bench-limited").withRateLimit(rateLimit),
                     limitedEdge.resolve("forward").resolve("bench.state"))) {
                Window next = plant.next(outageSeconds);
                write(edge, next);
                edge.compactNow();
                long samples = next.samples();
                next = null;
                List<long[]> progress = new ArrayList<>();
                long clientCpu = cpu(ProcessHandle.current());
                long centralCpu = cpu(central.toHandle());
                long start = System.nanoTime();
                forwarder.start();
                ForwardStatus status = awaitComplete(forwarder, start, progress);
                long nanos = System.nanoTime() - start;
                if (status.samplesForwarded() != samples) {
                    throw new IllegalStateException("forwarded " + status.samplesForwarded() + " of " + samples);
                }
                Timed limited = new Timed(samples, nanos, cpu(ProcessHandle.current()) - clientCpu,
                    cpu(central.toHandle()) - centralCpu);
                print("rate-limited catch-up (limit " + rateLimit + "/s)", limited);
                // The steady rate: between the polls that first saw 10% and 90% acknowledged.
                long[] at10 = progress.stream().filter(p -> p[1] >= samples / 10).findFirst().orElseThrow();
                long[] at90 = progress.stream().filter(p -> p[1] >= samples * 9 / 10).findFirst().orElseThrow();
                double steady = (at90[1] - at10[1]) / ((at90[0] - at10[0]) / 1e9);
                double peak = peakOneSecond(progress);
                log("rate-limited: overall %.0f samples/s, 10%%→90%% %.0f samples/s, highest over any 1-s span "
                    + "of polls %.0f samples/s, limit %d", limited.perSecond(), steady,
                    peak, rateLimit);
                rows.add(row(String.format(Locale.ROOT, "rate-limited catch-up, %,d samples, limit %,d samples/s",
                        samples, rateLimit),
                    String.format(Locale.ROOT, "10%%→90%% %,.0f/s; highest 1-s span %,.0f/s", steady, peak),
                    String.format(Locale.ROOT, "%,.0f samples/s in %.2f s", limited.perSecond(), nanos / 1e9),
                    String.format(Locale.ROOT, "≤ limit: overall %.4f× the limit", limited.perSecond() / rateLimit)));
            }
            delete(limitedEdge);
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            stop(central);
        }
        return rows;
    }

    /** The most samples acknowledged within any span of polls at least 1 s long, per second. */
    private static double peakOneSecond(List<long[]> progress) {
        double peak = 0;
        int from = 0;
        for (int to = 0; to < progress.size(); to++) {
            while (from < to && progress.get(to)[0] - progress.get(from + 1)[0] >= SECOND) {
                from++;
            }
            long span = progress.get(to)[0] - progress.get(from)[0];
            if (span >= SECOND) {
                peak = Math.max(peak, (progress.get(to)[1] - progress.get(from)[1]) / (span / 1e9));
            }
        }
        return peak;
    }

    private static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().maxInboundMessageSize(64 << 20)
            .build();
    }


    private static void stop(Process central) throws InterruptedException {
        central.destroy();
        if (!central.waitFor(60, TimeUnit.SECONDS)) {
            central.destroyForcibly().waitFor();
        }
    }

    private static long cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    private static double median(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String commandLine() {
        return ProcessHandle.current().info().commandLine().orElseGet(() -> "java "
            + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()) + " -cp "
            + System.getProperty("java.class.path") + " " + ForwardHarness.class.getName());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
