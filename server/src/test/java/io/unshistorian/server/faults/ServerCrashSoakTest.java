package io.unshistorian.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.WriteStream;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server JVM under gRPC write load, again and again, at random moments:
 * while batches stream in (with compaction, merges of late data, retention and WAL rolls running
 * all the time, see {@link FaultServerMain}), while it recovers, and while it shuts down. After
 * every kill the server is started again and, over gRPC, every acknowledged sample must be there
 * with its value and quality, every batch whole or not at all, nothing duplicated, nothing invented.
 * The open time of every restart is measured.
 *
 * <p>{@value #TRIALS_PROPERTY} sets the number of kills (default 20; the soak in
 * {@code benchmarks/README.md} ran 1,000).
 */
class ServerCrashSoakTest {
    static final String TRIALS_PROPERTY = "uns.crash.trials";
    private static final long BASE = 1_767_225_600_000_000_000L;
    private static final long DAY = 86_400_000_000_000L;
    private static final int SERIES = 4;
    private static final int PER_SERIES = 100;
    private static final int WINDOW = 8;

    @TempDir
    Path dir;

    /** What one trial sent: per batch whether it was acknowledged, rejected, or in flight at the kill. */
    private static final class Trial {
        final int number;
        int sent;
        final BitSet acked = new BitSet();
        final BitSet rejected = new BitSet();
        /** Batches found whole after the kill (acked ones, and in-flight ones that made it). */
        final BitSet present = new BitSet();

        Trial(int number) {
            this.number = number;
        }
    }

    private record Sample(long time, double value, int quality) {
    }

    private enum KillMoment { WRITING, RECOVERING, SHUTTING_DOWN }

    @Test
    void everyAcknowledgedSampleSurvivesKillNineOfTheServer() throws Exception {
        int trials = Integer.getInteger(TRIALS_PROPERTY, 20);
        long seed = SeededRandom.seed("ServerCrashSoakTest (" + trials + " trials)");
        SplittableRandom random = SeededRandom.random(seed);
        List<Trial> done = new ArrayList<>();
        List<Long> openMillis = new ArrayList<>();
        Map<KillMoment, Integer> moments = new HashMap<>();
        long ackedSamples = 0;
        for (int t = 0; t < trials; t++) {
            String where = "trial " + t + " " + SeededRandom.describe(seed);
            KillMoment moment = pick(random);
            moments.merge(moment, 1, Integer::sum);
            if (moment == KillMoment.RECOVERING) {
                ServerProcess early = ServerProcess.start(dir, "-Xmx256m", false, line -> { });
                Thread.sleep(random.nextInt(1500));
                early.kill();
            }
            Trial trial = new Trial(t);
            try (ServerProcess server = ServerProcess.start(dir, "-Xmx256m", false, line -> { })) {
                int port = server.awaitPort(120);
                openMillis.add(server.openedMillis());
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
                try {
                    HistorianGrpc.HistorianBlockingStub reads = HistorianGrpc.newBlockingStub(channel);
                    if (!done.isEmpty()) {
                        Trial last = done.get(done.size() - 1);
                        verifyTrial(reads, last, true, where + " (the trial just killed)");
                        verifyTrial(reads, done.get(random.nextInt(done.size())), false, where + " (an earlier trial)");
                        verifyShared(reads, done, where);
                    }
                    long killAfter = 100 + random.nextInt(1400);
                    if (moment == KillMoment.SHUTTING_DOWN) {
                        write(channel, trial, random, System.nanoTime() + killAfter * 1_000_000L, null);
                        server.terminate();
                        Thread.sleep(random.nextInt(400));
                        server.kill();
                    } else {
                        write(channel, trial, random, Long.MAX_VALUE, () -> {
                            Thread.sleep(killAfter);
                            server.kill();
                            return null;
                        });
                    }
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
            ackedSamples += (long) trial.acked.cardinality() * (SERIES * PER_SERIES + 1);
            done.add(trial);
        }
        try (ServerProcess server = ServerProcess.start(dir, "-Xmx256m", false, line -> { })) {
            int port = server.awaitPort(120);
            openMillis.add(server.openedMillis());
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                HistorianGrpc.HistorianBlockingStub reads = HistorianGrpc.newBlockingStub(channel);
                verifyTrial(reads, done.get(done.size() - 1), true, "final");
                for (Trial trial : done) {
                    verifyTrial(reads, trial, false, "final, trial " + trial.number);
                }
                verifyShared(reads, done, "final");
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        List<Long> sorted = openMillis.stream().sorted().toList();
        System.out.printf("ServerCrashSoakTest: %d kills %s, %d acknowledged samples all present, open ms median %d "
                + "p99 %d max %d%n", trials, moments, ackedSamples, sorted.get(sorted.size() / 2),
            sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
            sorted.get(sorted.size() - 1));
        assertTrue(ackedSamples > 0, "nothing was acknowledged: the soak tested nothing");
    }

    private static KillMoment pick(SplittableRandom random) {
        int r = random.nextInt(100);
        return r < 70 ? KillMoment.WRITING : r < 85 ? KillMoment.RECOVERING : KillMoment.SHUTTING_DOWN;
    }

    @FunctionalInterface
    private interface Killer {
        Void kill() throws Exception;
    }

    /** Streams batches, up to {@value #WINDOW} in flight, until {@code stopAt} or until the server dies. */
    private static void write(ManagedChannel channel, Trial trial, SplittableRandom random, long stopAt, Killer killer)
        throws Exception {
        Thread killing = null;
        if (killer != null) {
            killing = new Thread(() -> {
                try {
                    killer.kill();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "killer");
            killing.start();
        }
        WriteStream stream = WriteStream.open(channel);
        int answered = 0;
        try {
            while (System.nanoTime() < stopAt) {
                while (trial.sent - answered < WINDOW && System.nanoTime() < stopAt) {
                    stream.send(batch(trial.number, trial.sent, lateDay(trial.number, trial.sent)));
                    trial.sent++;
                }
                answered = receive(stream, trial, answered);
            }
            stream.finish();
            while (answered < trial.sent) {
                answered = receive(stream, trial, answered);
            }
        } catch (IllegalStateException e) {
            // the server was killed: whatever was not answered was in flight
        } finally {
            if (killing != null) {
                killing.join();
            }
        }
    }

    private static int receive(WriteStream stream, Trial trial, int answered) throws InterruptedException {
        WriteAck ack = stream.nextAck(30, TimeUnit.SECONDS);
        if (ack == null) {
            throw new IllegalStateException("closed");
        }
        int batch = (int) (ack.getBatchId() % 1_000_000);
        if (ack.getAccepted()) {
            trial.acked.set(batch);
        } else {
            trial.rejected.set(batch);
        }
        return answered + 1;
    }

    /** The day (back from BASE) of the late sample that batch {@code b} of trial {@code t} writes. */
    private static int lateDay(int t, int b) {
        return Math.floorMod(t * 31 + b * 7, 10);
    }

    private static long time(int t, int b, int i) {
        return BASE + t * 1_000_000_000_000L + b * 1_000_000L + i * 1_000L;
    }

    private static long sharedTime(int t, int b) {
        return BASE - lateDay(t, b) * DAY + t * 1_000_000_000L + b * 1_000L;
    }

    private static double value(int t, int b, int k, int i) {
        return t * 1_000_003.0 + b * 1_009.0 + k * 31.0 + i + 0.25;
    }

    private static int quality(int t, int b, int i) {
        return (t + b + i) % 7 == 0 ? 0x4000_0000 : 0;
    }

    private static WriteBatch batch(int t, int b, int lateDay) {
        WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(t * 1_000_000L + b);
        for (int k = 0; k < SERIES; k++) {
            SeriesSamples.Builder series = SeriesSamples.newBuilder().setPath("faults/t" + t + "/s" + k)
                .setType(ValueType.DOUBLE);
            for (int i = 0; i < PER_SERIES; i++) {
                series.addTimestampsNs(time(t, b, i)).addDoubleValues(value(t, b, k, i)).addQualities(quality(t, b, i));
            }
            batch.addSeries(series);
        }
        batch.addSeries(SeriesSamples.newBuilder().setPath("faults/shared/s" + (b % SERIES)).setType(ValueType.DOUBLE)
            .addTimestampsNs(sharedTime(t, b)).addDoubleValues(value(t, b, 9, 0)).addQualities(quality(t, b, 0)));
        if (b % 10 == 0) {   // old enough for retention to drop: exercises retention rewrites mid-crash
            batch.addSeries(SeriesSamples.newBuilder().setPath("faults/expiring/x").setType(ValueType.DOUBLE)
                .addTimestampsNs(BASE - 30 * DAY + t * 1_000_000_000L + b).addDoubleValues(1));
        }
        return batch.build();
    }

    private static Map<String, List<Sample>> read(HistorianGrpc.HistorianBlockingStub reads, String filter) {
        Map<String, List<Sample>> samples = new HashMap<>();
        Iterator<SampleColumns> stream = reads.withDeadlineAfter(120, TimeUnit.SECONDS).readRaw(ReadRawRequest
            .newBuilder().setSelection(Selection.newBuilder().addFilters(filter)).setStartNs(BASE - 60 * DAY)
            .setEndNs(BASE + 10_000 * 1_000_000_000_000L).build());
        while (stream.hasNext()) {
            SeriesSamples series = stream.next().getSamples();
            List<Sample> into = samples.computeIfAbsent(series.getPath(), p -> new ArrayList<>());
            for (int i = 0; i < series.getTimestampsNsCount(); i++) {
                into.add(new Sample(series.getTimestampsNs(i), series.getDoubleValues(i),
                    series.getQualitiesCount() == 0 ? 0 : series.getQualities(i)));
            }
        }
        return samples;
    }

    /**
     * Checks one trial's series: every acknowledged batch whole with its values and qualities, every
     * batch whole or absent, nothing else. The first check after the kill decides which in-flight
     * batches made it; later checks require exactly those.
     */
    private static void verifyTrial(HistorianGrpc.HistorianBlockingStub reads, Trial trial, boolean firstCheck,
                                    String where) {
        Map<String, List<Sample>> samples = read(reads, "faults/t" + trial.number + "/#");
        BitSet found = new BitSet();
        for (int k = 0; k < SERIES; k++) {
            List<Sample> series = samples.getOrDefault("faults/t" + trial.number + "/s" + k, List.of());
            Map<Integer, Integer> perBatch = new HashMap<>();
            for (Sample sample : series) {
                long offset = sample.time() - time(trial.number, 0, 0);
                int b = (int) (offset / 1_000_000L);
                int i = (int) (offset % 1_000_000L / 1_000L);
                if (offset < 0 || b >= trial.sent || offset % 1_000L != 0 || i >= PER_SERIES) {
                    fail(where + ": invented sample at " + sample.time() + " in s" + k);
                }
                assertEquals(value(trial.number, b, k, i), sample.value(), where + ": value of batch " + b + " sample " + i);
                assertEquals(quality(trial.number, b, i), sample.quality(), where + ": quality of batch " + b);
                perBatch.merge(b, 1, Integer::sum);
            }
            for (Map.Entry<Integer, Integer> batch : perBatch.entrySet()) {
                assertEquals(PER_SERIES, batch.getValue(), where + ": batch " + batch.getKey() + " of s" + k
                    + " is not whole (duplicated or torn)");
                found.set(batch.getKey());
            }
        }
        BitSet missing = (BitSet) trial.acked.clone();
        missing.andNot(found);
        assertTrue(missing.isEmpty(), where + ": acknowledged batches lost: " + missing);
        BitSet rejectedButThere = (BitSet) trial.rejected.clone();
        rejectedButThere.and(found);
        assertTrue(rejectedButThere.isEmpty(), where + ": rejected batches stored: " + rejectedButThere);
        if (firstCheck) {
            trial.present.clear();
            trial.present.or(found);
        } else {
            assertEquals(trial.present, found, where + ": the batches present changed since the first check");
        }
    }

    /** The late samples every trial wrote into the shared series: those of present batches, and no others. */
    private static void verifyShared(HistorianGrpc.HistorianBlockingStub reads, List<Trial> trials, String where) {
        Map<String, List<Sample>> samples = read(reads, "faults/shared/#");
        Map<Long, Sample> byTime = new HashMap<>();
        samples.values().forEach(list -> list.forEach(sample -> byTime.put(sample.time(), sample)));
        int expected = 0;
        for (Trial trial : trials) {
            for (int b = trial.present.nextSetBit(0); b >= 0; b = trial.present.nextSetBit(b + 1)) {
                Sample sample = byTime.get(sharedTime(trial.number, b));
                if (sample == null) {
                    fail(where + ": the late sample of trial " + trial.number + " batch " + b + " is lost");
                }
                assertEquals(value(trial.number, b, 9, 0), sample.value(), where + ": late sample value");
                expected++;
            }
        }
        assertEquals(expected, byTime.size(), where + ": the shared series hold samples no present batch wrote");
    }
}
