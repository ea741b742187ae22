package io.unshistorian.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.embedded.Historian;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forwarder against a central server on a real 127.0.0.1 socket: batches far larger than one
 * Write (by samples and by bytes) arrive whole, split into parts that the central does not mistake
 * for resends; filters and the path rewrite choose and name what is sent; the ledger counts it.
 */
class ForwarderTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private static Map<String, Long> counts(Historian historian, String filter, String stripPrefix) {
        Map<String, Long> counts = new TreeMap<>();
        for (Series series : historian.find(filter)) {
            long[] n = {0};
            historian.readRaw(series.path(), Long.MIN_VALUE, Long.MAX_VALUE, (t, v, q, s) -> n[0]++);
            counts.put(series.path().substring(stripPrefix.length()), n[0]);
        }
        return counts;
    }

    @Test
    void largeBatchesArriveWholeInPartsAndFiltersAndRewritesApply() throws Exception {
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).build();
        try (Historian central = Historian.open(dir.resolve("central"), options);
             HistorianServer server = HistorianServer.start(central, HistorianServer.Settings.loopback(0), "test");
             Historian edge = Historian.open(dir.resolve("edge"), options)) {
            WriteBatch small = new WriteBatch();
            for (int i = 0; i < 5_000; i++) {
                small.addDouble("line1/cell1/temp", T0 + i, i);
            }
            edge.write(small);
            WriteBatch huge = new WriteBatch();   // 250,000 samples in one edge batch: 25 Writes
            for (int i = 0; i < 250_000; i++) {
                huge.addLong("line1/cell" + (i % 7) + "/count", T0 + 10_000 + i, i);
            }
            edge.write(huge);
            String text = "x".repeat(2_000);
            for (int b = 0; b < 4; b++) {   // 2,500 strings of 2 kB per batch: 5 MB, more than a Write may carry
                WriteBatch strings = new WriteBatch();
                for (int i = 0; i < 2_500; i++) {
                    strings.addString("line1/cell1/log", T0 + 500_000 + b * 2_500 + i, text + i);
                }
                edge.write(strings);
            }
            edge.write(new WriteBatch().addDouble("line2/cell1/temp", T0, 1.0));   // not forwarded
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
            ForwardOptions forward = ForwardOptions.of("edge1").withFilters(List.of("line1/#"))
                .withRewrite(PathRewrite.parse("acme/dallas"));
            try (Forwarder forwarder = new Forwarder(edge, channel, "test", forward, dir.resolve("edge").resolve(
                "forward").resolve("edge1.state"))) {
                forwarder.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!forwarder.status().complete() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                ForwardStatus status = forwarder.status();
                assertTrue(status.complete(), status.toString());
                assertEquals(5_000 + 250_000 + 10_000, status.samplesForwarded());
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertEquals(counts(edge, "line1/#", ""), counts(central, "#", "acme/dallas/"));
            ForwardState saved = ForwardState.open(dir.resolve("edge").resolve("forward").resolve("edge1.state"));
            assertEquals(edge.lastSequence(), saved.acknowledged());
            assertEquals(250_000 / 7 + 1, saved.series().get("line1/cell0/count").samples());
            assertTrue(saved.gaps().isEmpty(), saved.gaps().toString());
        }
    }

    @Test
    void anOutageLongerThanTheBacklogIsSentFromTheBlockFiles() throws Exception {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(T0 / 1_000_000);
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).clockMillis(clock::get).build();
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();   // nothing listens there until the central starts
        }
        Path state = dir.resolve("edge").resolve("forward").resolve("edge1.state");
        try (Historian edge = Historian.open(dir.resolve("edge"), options)) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            ForwardOptions forward = ForwardOptions.of("edge1").withMaxBacklogBytes(0);   // keep no WAL for it
            try (Forwarder forwarder = new Forwarder(edge, channel, "test", forward, state)) {
                forwarder.start();
                for (int b = 0; b < 6; b++) {   // the central is away: each WAL file is compacted and deleted
                    WriteBatch batch = new WriteBatch();
                    for (int i = 0; i < 1_000; i++) {
                        batch.addDouble("line1/cell" + (i % 10) + "/temp", T0 + b * 60_000_000_000L + i, b * 1_000 + i);
                    }
                    edge.write(batch);
                    clock.addAndGet(7 * 60_000L);   // the next batch starts a new WAL cycle file
                    edge.compactNow();
                }
                edge.write(new WriteBatch().addDouble("line1/cell0/temp", T0 + 7 * 60_000_000_000L, -1));
                try (Historian central = Historian.open(dir.resolve("central"), StorageOptions.builder()
                    .backgroundCompaction(false).build());
                     HistorianServer server = HistorianServer.start(central, HistorianServer.Settings.loopback(port),
                         "test")) {
                    assertEquals(port, server.port());
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (!forwarder.status().complete() && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    ForwardStatus status = forwarder.status();
                    assertTrue(status.complete(), status.toString());
                    assertTrue(status.gaps().isEmpty(), status.toString());
                    assertTrue(!status.backfilled().isEmpty(), "the deleted batches were sent from blocks: " + status);
                    assertEquals(counts(edge, "#", ""), counts(central, "#", ""));
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        assertTrue(ForwardState.open(state).gaps().isEmpty());
    }
}
