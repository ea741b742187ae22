package io.unshistorian.server.faults;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.storage.RetentionRule;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.wal.WalRollPeriod;

/**
 * The server JVM of the fault suites: a real {@link HistorianServer} on 127.0.0.1 over a data
 * directory, tuned so that everything happens all the time: small heads (compaction every few
 * hundred milliseconds), merges of two blocks, retention of {@code faults/expiring/#}, and a clock
 * that runs {@value #CLOCK_SPEED} times fast so the WAL rolls to a new cycle file every second and
 * cold partitions merge. With {@code --load} it runs with the default settings instead (the load
 * suite measures a normal server) and prints {@code MEMORY <heap used> <rss>} every second. Prints
 * {@code OPENED <ms>} once the directory is open and {@code PORT <port>} once it serves.
 * SIGTERM closes it the normal way (which the crash suite interrupts with SIGKILL).
 */
public final class FaultServerMain {
    static final int CLOCK_SPEED = 300;

    private FaultServerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        boolean load = java.util.Arrays.asList(args).contains("--load");
        boolean memory = load;
        long realStart = System.currentTimeMillis();
        StorageOptions options = load ? StorageOptions.builder().build() : StorageOptions.builder()
            .compactionThresholdBytes(256 << 10)
            .headMaxBytes(64L << 20)
            .compactionInterval(Duration.ofMillis(100))
            .mergeFanIn(2)
            .coldMergeDelay(Duration.ofMinutes(2))
            .walRollPeriod(WalRollPeriod.FIVE_MINUTES)
            .retention(new RetentionRule("faults/expiring/#", Duration.ofDays(1)))
            .clockMillis(() -> realStart + (System.currentTimeMillis() - realStart) * CLOCK_SPEED)
            .build();
        long opening = System.nanoTime();
        Historian historian = Historian.open(data, options);
        System.out.println("OPENED " + (System.nanoTime() - opening) / 1_000_000);
        HistorianServer server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "faults");
        System.out.println("PORT " + server.port());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                historian.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }));
        MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (memory) {
                System.out.println("MEMORY " + heap.getHeapMemoryUsage().getUsed() + " " + residentBytes());
                System.out.flush();
            }
        }
    }

    /** The process's resident set size (Linux), or -1. */
    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
