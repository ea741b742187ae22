package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.InterpolateRequest;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.storage.StorageOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request is bounded before it allocates, and a refusal says what was wrong. */
class ServerLimitsTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private Historian historian;
    private HistorianServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        historian = Historian.open(dir, StorageOptions.builder().backgroundCompaction(false).build());
        for (int i = 0; i < 10; i++) {
            historian.writeDouble("acme/line1/temp", T0 + i * 1_000_000_000L, i);
        }
        server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        historian.close();
    }

    private static StatusRuntimeException refusal(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    @Test
    void hugeOrHostileQueriesAreRefusedBeforeTheyRun() {
        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
        Selection all = Selection.newBuilder().addFilters("acme/#").build();
        StatusRuntimeException pixels = refusal(() -> stub.plot(PlotRequest.newBuilder().setSelection(all)
            .setStartNs(T0).setEndNs(T0 + 10).setPixels(-1).build()).hasNext());   // uint32 4294967295
        assertEquals(Status.Code.INVALID_ARGUMENT, pixels.getStatus().getCode());
        assertTrue(pixels.getStatus().getDescription().contains("at most 100000"), pixels.getMessage());

        StatusRuntimeException points = refusal(() -> stub.interpolate(InterpolateRequest.newBuilder()
            .setSelection(all).setStartNs(Long.MIN_VALUE).setEndNs(Long.MAX_VALUE).setIntervalNs(1).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, points.getStatus().getCode());
        assertTrue(points.getStatus().getDescription().contains("at most 1000000"), points.getMessage());

        Iterator<SampleColumns> page = stub.readRaw(ReadRawRequest.newBuilder().setSelection(all).setStartNs(T0)
            .setEndNs(T0 + 100_000_000_000L).setLimit(3).build());
        String cursor = "";
        while (page.hasNext()) {
            SampleColumns message = page.next();
            if (!message.getNextCursor().isEmpty()) {
                cursor = message.getNextCursor();
            }
        }
        String cut = cursor.substring(0, cursor.length() - 3);
        StatusRuntimeException truncated = refusal(() -> stub.readRaw(ReadRawRequest.newBuilder().setSelection(all)
            .setStartNs(T0).setEndNs(T0 + 100_000_000_000L).setLimit(3).setCursor(cut).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, truncated.getStatus().getCode());
        assertTrue(truncated.getStatus().getDescription().contains("malformed cursor"), truncated.getMessage());
    }

    @Test
    void aStringThatIsNotUtf8IsRefusedClearly() {
        byte[] request = LatestRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("acme/x")).build()
            .toByteArray();
        request[request.length - 1] = (byte) 0xFF;   // the 'x' of the filter: not UTF-8
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("historian.v1.Historian/Latest")
            .setRequestMarshaller(new Bytes()).setResponseMarshaller(new Bytes()).build();
        StatusRuntimeException refused = refusal(() ->
            ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT, request));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode(), refused.getMessage());
        assertTrue(refused.getStatus().getDescription().contains("UTF-8"), refused.getMessage());
    }

    @Test
    void queriesBeyondTheConcurrencyLimitAreRefusedNotQueued() throws Exception {
        String name = "limits-" + System.nanoTime();
        Server full = InProcessServerBuilder.forName(name)
            .addService(new HistorianService(historian, "test", new CallLimits(0, 1 << 20), io.unshistorian.server.security.Security.none())).build().start();
        ManagedChannel local = InProcessChannelBuilder.forName(name).build();
        try {
            StatusRuntimeException refused = refusal(() -> HistorianGrpc.newBlockingStub(local)
                .latest(LatestRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("acme/#")).build()));
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
            assertTrue(refused.getStatus().getDescription().contains("retry shortly"), refused.getMessage());
        } finally {
            local.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            full.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** Raw bytes in and out, to send what a well-behaved stub never would. */
    private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
