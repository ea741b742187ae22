package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRows;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.storage.StorageOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query over damaged data tells its client: every readable result arrives, then the call ends
 * with DATA_LOSS naming the damaged series and range; never a silent gap. The damage is real: a
 * flipped byte in a compacted block file, read by a real server over a socket.
 */
class DamagedDataOverGrpcTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final Selection ALL = Selection.newBuilder().addFilters("acme/#").build();

    @TempDir
    Path dir;

    private Historian historian;
    private HistorianServer server;
    private ManagedChannel channel;
    private HistorianGrpc.HistorianBlockingStub stub;

    @BeforeEach
    void damageOneSeries() throws IOException {
        StorageOptions options = StorageOptions.builder().backgroundCompaction(false).compactOnClose(false).build();
        try (Historian writing = Historian.open(dir, options)) {
            for (int i = 0; i < 100; i++) {
                writing.writeDouble("acme/line1/a", T0 + i * SECOND, i);   // series id 0: the block's first chunk
                writing.writeDouble("acme/line1/b", T0 + i * SECOND, i);
            }
            writing.compactNow();
        }
        try (Stream<Path> files = Files.list(dir.resolve("blocks"))) {
            Path block = files.filter(f -> f.toString().endsWith(".blk")).findFirst().orElseThrow();
            try (RandomAccessFile file = new RandomAccessFile(block.toFile(), "rw")) {
                file.seek(48 + 30);
                int b = file.read();
                file.seek(48 + 30);
                file.write(b ^ 0x5A);
            }
        }
        historian = Historian.open(dir, options);
        server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        stub = HistorianGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        historian.close();
    }

    @Test
    void aRawReadDeliversWhatIsReadableThenSaysDataLoss() {
        Map<String, Integer> samples = new HashMap<>();
        Iterator<SampleColumns> stream = stub.readRaw(ReadRawRequest.newBuilder().setSelection(ALL)
            .setStartNs(T0).setEndNs(T0 + 1000 * SECOND).build());
        StatusRuntimeException end = drain(() -> {
            while (stream.hasNext()) {
                SampleColumns columns = stream.next();
                samples.merge(columns.getSamples().getPath(), columns.getSamples().getTimestampsNsCount(), Integer::sum);
            }
        });
        assertEquals(Map.of("acme/line1/b", 100), samples, "the undamaged series in full, before the status");
        assertEquals(Status.Code.DATA_LOSS, end.getStatus().getCode());
        String description = end.getStatus().getDescription();
        assertTrue(description.contains("acme/line1/a [" + T0 + ", " + (T0 + 99 * SECOND) + "]"), description);
        assertTrue(description.contains("historian verify"), description);
    }

    @Test
    void aPagedReadStillGetsItsCursorWithTheDataLoss() {
        Iterator<SampleColumns> stream = stub.readRaw(ReadRawRequest.newBuilder().setSelection(ALL)
            .setStartNs(T0).setEndNs(T0 + 1000 * SECOND).setLimit(50).build());
        String[] cursor = {""};
        StatusRuntimeException end = drain(() -> {
            while (stream.hasNext()) {
                SampleColumns columns = stream.next();
                if (!columns.getNextCursor().isEmpty()) {
                    cursor[0] = columns.getNextCursor();
                }
            }
        });
        assertEquals(Status.Code.DATA_LOSS, end.getStatus().getCode());
        assertFalse(cursor[0].isEmpty(), "the page's cursor arrives before the status");
        Iterator<SampleColumns> next = stub.readRaw(ReadRawRequest.newBuilder().setSelection(ALL)
            .setStartNs(T0).setEndNs(T0 + 1000 * SECOND).setLimit(50).setCursor(cursor[0]).build());
        int resumed = 0;
        while (next.hasNext()) {
            resumed += next.next().getSamples().getTimestampsNsCount();
        }
        assertEquals(50, resumed, "the rest of series b, past the damage, without complaint");
    }

    @Test
    void anAggregateOverAWildcardGivesTheGoodRowsThenDataLoss() {
        Iterator<AggregateRows> stream = stub.aggregate(AggregateRequest.newBuilder().setSelection(ALL)
            .setStartNs(T0).setEndNs(T0 + 100 * SECOND).setBucketNs(100 * SECOND).build());
        List<io.unshistorian.grpc.v1.AggregateRow> rows = new java.util.ArrayList<>();
        StatusRuntimeException end = drain(() -> stream.forEachRemaining(message -> rows.addAll(message.getRowsList())));
        assertEquals(Status.Code.DATA_LOSS, end.getStatus().getCode());
        io.unshistorian.grpc.v1.AggregateRow b = rows.stream().filter(r -> r.getPath().equals("acme/line1/b"))
            .findFirst().orElse(null);
        assertNotNull(b, rows.toString());
        assertEquals(100, b.getCount());
        assertEquals(4950.0, b.getSum());
    }

    private static StatusRuntimeException drain(Runnable reading) {
        try {
            reading.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("the call ended without saying its result has a gap");
    }
}
