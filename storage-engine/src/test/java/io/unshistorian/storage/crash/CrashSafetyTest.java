package io.unshistorian.storage.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;

import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real crashes: a child JVM writes continuously (compaction and merges running all the time) and
 * is killed with SIGKILL at a random moment, again and again. After each kill the directory is
 * reopened and every acknowledged sample must be there exactly once with its value, and nothing
 * else but, at most, the one batch that was in flight (whole or not at all).
 *
 * <p>{@value #ITERATIONS_PROPERTY} sets the number of kills (default 20; a soak run uses more).
 */
class CrashSafetyTest {
    static final String ITERATIONS_PROPERTY = "uns.crash.iterations";

    @TempDir
    Path directory;

    @Test
    void acknowledgedSamplesSurviveKillNine() throws Exception {
        int iterations = Integer.getInteger(ITERATIONS_PROPERTY, 20);
        long seed = SeededRandom.seed("CrashSafetyTest (" + iterations + " iterations)");
        SplittableRandom random = SeededRandom.random(seed);
        long nextBatch = 0;
        long acknowledgedTotal = 0;
        for (int iteration = 0; iteration < iterations; iteration++) {
            long lastAcked = runAndKill(nextBatch, 50 + random.nextInt(900));
            long inFlight = lastAcked + 1;
            long present = verify(nextBatch, lastAcked, inFlight, "iteration " + iteration + " " + SeededRandom.describe(seed));
            acknowledgedTotal += lastAcked - nextBatch + 1;
            nextBatch = present > lastAcked ? present + 1 : lastAcked + 1;
        }
        System.out.println("CrashSafetyTest acknowledged batches: " + acknowledgedTotal);
        assertTrue(acknowledgedTotal > iterations, "the children acknowledged too few batches to test anything");
    }

    /** Starts a writer child from {@code firstBatch}, kills it after some acknowledgements; returns the last acked. */
    private long runAndKill(long firstBatch, long killAfterMillis) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle") || argument.startsWith("-Dagrona")) {
                command.add(argument);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriterMain.class.getName());
        command.add(directory.toString());
        command.add(Long.toString(firstBatch));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        AtomicLong lastAck = new AtomicLong(firstBatch - 1);
        AtomicLong firstAckNanos = new AtomicLong();
        Thread reader = new Thread(() -> readAcks(child, lastAck, firstAckNanos), "crash-test-reader");
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (firstAckNanos.get() == 0 && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (!child.isAlive()) {
            fail("writer child exited early with code " + child.exitValue());
        }
        Thread.sleep(killAfterMillis);
        // SIGKILL through the process handle: unlike Process.destroyForcibly it leaves our end of
        // the pipe open, so acknowledgements already written by the child are still read.
        child.toHandle().destroyForcibly();
        child.waitFor(30, TimeUnit.SECONDS);
        reader.join(TimeUnit.SECONDS.toMillis(30));
        return lastAck.get();
    }

    private static void readAcks(Process child, AtomicLong lastAck, AtomicLong firstAckNanos) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("ACK ")) {
                    lastAck.set(Long.parseLong(line.substring(4)));
                    firstAckNanos.compareAndSet(0, System.nanoTime());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the child died mid-line: what was acknowledged before counts
        }
    }

    /**
     * Checks the directory after a kill; returns the highest batch present (the in-flight one when
     * it made it, else the last acknowledged).
     */
    private long verify(long firstBatchOfRun, long lastAcked, long inFlight, String context) throws IOException {
        StorageOptions options = CrashWorkload.options().backgroundCompaction(false).compactOnClose(false).build();
        try (StorageEngine engine = StorageEngine.open(directory, options)) {
            assertTrue(engine.problems().isEmpty(), "a crash must not look like corruption: " + engine.problems()
                + ", " + context);
            long[] seenPerBatchLimit = {lastAcked};
            int inFlightSeen = 0;
            long total = 0;
            for (int s = 0; s < CrashWorkload.SERIES; s++) {
                List<long[]> samples = new ArrayList<>();
                engine.read(CrashWorkload.path(s), Long.MIN_VALUE + 1, Long.MAX_VALUE,
                    (t, v, q, text) -> samples.add(new long[] {t, v}));
                long previous = Long.MIN_VALUE;
                for (long[] sample : samples) {
                    long[] origin = CrashWorkload.locate(sample[0]);
                    if (origin == null || origin[1] % CrashWorkload.SERIES != s) {
                        fail("sample at " + sample[0] + " in series " + s + " was never written, " + context);
                    }
                    if (origin[0] > lastAcked && origin[0] != inFlight) {
                        fail("sample of batch " + origin[0] + " beyond the last acknowledged " + lastAcked
                            + " and the in-flight one, " + context);
                    }
                    assertEquals(CrashWorkload.value(origin[0], (int) origin[1]), Double.longBitsToDouble(sample[1]),
                        "value of batch " + origin[0] + " sample " + origin[1] + ", " + context);
                    assertTrue(sample[0] > previous, "timestamps must be unique and ordered, " + context);
                    previous = sample[0];
                    if (origin[0] == inFlight) {
                        inFlightSeen++;
                    }
                    total++;
                }
            }
            long expected = (lastAcked + 1) * CrashWorkload.SAMPLES_PER_BATCH;
            if (inFlightSeen != 0 && inFlightSeen != CrashWorkload.SAMPLES_PER_BATCH) {
                fail("the in-flight batch " + inFlight + " is half there (" + inFlightSeen + " samples), " + context);
            }
            assertEquals(expected + inFlightSeen, total, "every acknowledged sample exactly once, " + context
                + " (last acked " + lastAcked + ", run started at " + firstBatchOfRun + ")");
            return inFlightSeen > 0 ? inFlight : seenPerBatchLimit[0];
        }
    }
}
