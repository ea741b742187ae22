package io.unshistorian.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.BearerToken;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.server.HistorianServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits per principal, through a real server: calls in progress, bytes per request, points per
 * query — each refused with a clear RESOURCE_EXHAUSTED (or a rejected batch) for the principal over
 * its limit, while another principal keeps working.
 */
class PrincipalLimitsTest {
    private static final long T = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void onePrincipalCannotStarveTheOthers() throws Exception {
        Path data = dir.resolve("data");
        try (Historian historian = Historian.open(data)) {
            for (int i = 0; i < 10; i++) {
                historian.writeDouble("acme/a", T + i * 1_000_000_000L, i);
            }
            ApiTokens tokens = ApiTokens.of(data);
            String small = tokens.create("small");
            String other = tokens.create("other");
            Grants grants = Grants.of(data);
            grants.add(new Grants.Grant("*", Right.ADMIN, "#"));
            grants.limit("token:small", new PrincipalLimits(1, 200, 3));
            try (Security security = Security.of(data, true, null);
                 HistorianServer server = HistorianServer.start(historian, new HistorianServer.Settings("127.0.0.1", 0,
                     HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, null, security), "test")) {
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
                try {
                    // points per query: a raw read stops at 3 samples with a cursor; an aggregate of more rows is refused
                    List<SampleColumns> page = new ArrayList<>();
                    stub(channel, small).readRaw(raw()).forEachRemaining(page::add);
                    assertEquals(3, page.stream().mapToInt(c -> c.getSamples().getTimestampsNsCount()).sum());
                    assertFalse(page.get(page.size() - 1).getNextCursor().isEmpty(), "a cursor to read on from");
                    StatusRuntimeException points = assertThrows(StatusRuntimeException.class,
                        () -> stub(channel, small).aggregate(perSecond()).forEachRemaining(rows -> { }));
                    assertEquals(Status.Code.RESOURCE_EXHAUSTED, points.getStatus().getCode());
                    assertTrue(points.getStatus().getDescription().contains("token:small"), points.getStatus().toString());
                    int[] rows = {0};
                    stub(channel, other).aggregate(perSecond()).forEachRemaining(r -> rows[0] += r.getRowsCount());
                    assertEquals(10, rows[0], "another principal has the default limits");

                    // request bytes: a batch above 200 bytes is rejected, saying how to fix it
                    WriteAck big = writeOne(channel, small, 50);
                    assertFalse(big.getAccepted());
                    assertEquals(Rejection.BATCH_TOO_LARGE, big.getRejection());
                    assertTrue(writeOne(channel, small, 2).getAccepted());

                    // calls in progress: an open write stream is token:small's one call
                    WriteStream open = WriteStream.open(ClientInterceptors.intercept(channel, bearer(small)));
                    open.send(batch(1));
                    io.unshistorian.testkit.Eventually.await(() -> {
                        try {
                            stub(channel, small).readRaw(raw()).forEachRemaining(c -> { });
                            return false;
                        } catch (StatusRuntimeException e) {
                            return e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED
                                && e.getStatus().getDescription().contains("calls in progress");
                        }
                    }, "a second call of token:small to be refused");
                    stub(channel, other).readRaw(raw()).forEachRemaining(c -> { });
                    assertTrue(open.nextAck(30, TimeUnit.SECONDS).getAccepted());
                    open.finish();
                    assertEquals(null, open.nextAck(30, TimeUnit.SECONDS), "the stream completed");
                    io.unshistorian.testkit.Eventually.await(() -> {
                        try {
                            stub(channel, small).readRaw(raw()).forEachRemaining(c -> { });
                            return true;
                        } catch (StatusRuntimeException e) {
                            return false;
                        }
                    }, "token:small's call to be given back when its stream ended");
                } finally {
                    channel.shutdownNow();
                }
            }
        }
    }

    private static ReadRawRequest raw() {
        return ReadRawRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("acme/#")).setStartNs(0)
            .setEndNs(Long.MAX_VALUE).build();
    }

    private static AggregateRequest perSecond() {
        return AggregateRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("acme/#")).setStartNs(T)
            .setEndNs(T + 10_000_000_000L).setBucketNs(1_000_000_000L).build();
    }

    private static io.grpc.ClientInterceptor bearer(String token) {
        return BearerToken.of(token);
    }

    private static HistorianGrpc.HistorianBlockingStub stub(ManagedChannel channel, String token) {
        return HistorianGrpc.newBlockingStub(channel).withInterceptors(bearer(token));
    }

    private static WriteBatch batch(int samples) {
        SeriesSamples.Builder series = SeriesSamples.newBuilder().setPath("acme/w").setType(ValueType.DOUBLE);
        for (int i = 0; i < samples; i++) {
            series.addTimestampsNs(T + i).addDoubleValues(i);
        }
        return WriteBatch.newBuilder().setBatchId(samples).addSeries(series).build();
    }

    /** Writes one batch of {@code samples} on a stream of its own; returns its acknowledgement. */
    private static WriteAck writeOne(ManagedChannel channel, String token, int samples) throws Exception {
        WriteStream stream = WriteStream.open(ClientInterceptors.intercept(channel, bearer(token)));
        stream.send(batch(samples));
        WriteAck answer = stream.nextAck(30, TimeUnit.SECONDS);
        stream.finish();
        assertEquals(null, stream.nextAck(30, TimeUnit.SECONDS), "the stream completed: its call is given back");
        return answer;
    }
}
