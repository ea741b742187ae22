package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRows;
import io.unshistorian.grpc.v1.BrowseRequest;
import io.unshistorian.grpc.v1.GetMetadataRequest;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.InterpolateRequest;
import io.unshistorian.grpc.v1.InterpolatedValues;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.PlotPoints;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesInfo;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.Health;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.ServerInfoRequest;
import io.unshistorian.grpc.v1.ServerInfoResponse;
import io.unshistorian.grpc.v1.SetMetadataRequest;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.storage.StorageOptions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every RPC, in process and over a real socket on 127.0.0.1, including bad input and deadlines. */
class HistorianServiceTest {
    static final long T0 = 1_767_225_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private Historian historian;
    private Server inProcess;
    private HistorianServer socket;
    private final List<ManagedChannel> channels = new ArrayList<>();

    @AfterEach
    void close() throws IOException, InterruptedException {
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (inProcess != null) {
            inProcess.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        if (socket != null) {
            socket.close();
        }
        if (historian != null) {
            historian.close();
        }
    }

    private ManagedChannel inProcessChannel() throws IOException {
        historian = Historian.open(dir, StorageOptions.builder().backgroundCompaction(false).build());
        String name = "historian-" + System.nanoTime();
        inProcess = InProcessServerBuilder.forName(name)
            .addService(new HistorianService(historian, "test", io.unshistorian.server.security.Security.none())).build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        channels.add(channel);
        return channel;
    }

    private ManagedChannel socketChannel() throws IOException {
        historian = Historian.open(dir, StorageOptions.builder().backgroundCompaction(false).build());
        socket = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test");
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", socket.port()).usePlaintext().build();
        channels.add(channel);
        return channel;
    }

    static SeriesSamples doubles(String path, long start, int count) {
        SeriesSamples.Builder samples = SeriesSamples.newBuilder().setPath(path).setType(ValueType.DOUBLE);
        for (int i = 0; i < count; i++) {
            samples.addTimestampsNs(start + i * SECOND).addDoubleValues(i * 0.5);
        }
        return samples.build();
    }

    /** Sends batches over one Write stream and returns the acknowledgements. */
    static List<WriteAck> write(ManagedChannel channel, WriteBatch... batches) throws InterruptedException {
        WriteStream stream = WriteStream.open(channel);
        for (WriteBatch batch : batches) {
            stream.send(batch);
        }
        stream.finish();
        List<WriteAck> acks = new ArrayList<>();
        WriteAck ack;
        while ((ack = stream.nextAck(30, TimeUnit.SECONDS)) != null) {
            acks.add(ack);
        }
        return acks;
    }

    @Test
    void aForwardersResendsAreSkippedAndNothingOfItsIsStoredAfterARefusalInTheSameCall() throws Exception {
        ManagedChannel channel = inProcessChannel();
        WriteBatch first = WriteBatch.newBuilder().setBatchId(1).setOrigin("edge/1").setOriginSequence(5 << 16 | 0xFFFF)
            .addSeries(doubles("acme/a", T0, 3)).build();
        WriteBatch invalid = WriteBatch.newBuilder().setBatchId(2).setOrigin("edge/1").setOriginSequence(6 << 16 | 0xFFFF)
            .addSeries(SeriesSamples.newBuilder().setPath("acme/#").setType(ValueType.DOUBLE).addTimestampsNs(T0)
                .addDoubleValues(1)).build();
        WriteBatch after = WriteBatch.newBuilder().setBatchId(3).setOrigin("edge/1").setOriginSequence(7 << 16 | 0xFFFF)
            .addSeries(doubles("acme/b", T0, 2)).build();
        WriteBatch otherOrigin = WriteBatch.newBuilder().setBatchId(4).setOrigin("edge/2").setOriginSequence(1)
            .addSeries(doubles("acme/c", T0, 1)).build();
        List<WriteAck> acks = write(channel, first, invalid, after, otherOrigin);
        assertTrue(acks.get(0).getAccepted() && !acks.get(0).getDuplicate(), acks.toString());
        assertEquals(Rejection.INVALID_SAMPLE, acks.get(1).getRejection());
        assertEquals(Rejection.ORIGIN_OUT_OF_ORDER, acks.get(2).getRejection(), "a later batch of the refused origin");
        assertTrue(acks.get(2).getRetryable());
        assertTrue(acks.get(3).getAccepted(), "another origin goes on");
        assertTrue(historian.find("acme/b").isEmpty(), "nothing of the batch after the refusal was stored");

        List<WriteAck> again = write(channel, first, after);   // a new call: the resend of 5 is skipped, 7 stored
        assertTrue(again.get(0).getAccepted() && again.get(0).getDuplicate(), again.toString());
        assertEquals(0, again.get(0).getSamples());
        assertTrue(again.get(1).getAccepted() && !again.get(1).getDuplicate(), again.toString());
        assertEquals(1, historian.find("acme/b").size());
    }

    @Test
    void aFullBacklogIsARetryableRejectionAndTheSameBatchGoesInLater() throws Exception {
        historian = Historian.open(dir, StorageOptions.builder().backgroundCompaction(false).headMaxBytes(1 << 20)
            .compactionThresholdBytes(1 << 20).writeTimeout(java.time.Duration.ofMillis(50)).build());
        String name = "historian-" + System.nanoTime();
        inProcess = InProcessServerBuilder.forName(name).addService(new HistorianService(historian, "test", io.unshistorian.server.security.Security.none())).build()
            .start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
        channels.add(channel);
        WriteAck ack = null;
        for (int batch = 0; batch < 200; batch++) {   // ~2 MiB of samples into a 1 MiB head, nothing compacts
            ack = write(channel, WriteBatch.newBuilder().setBatchId(batch)
                .addSeries(doubles("acme/line1/temp", T0 + batch * 1000L * SECOND, 1000)).build()).get(0);
            if (!ack.getAccepted()) {
                break;
            }
        }
        assertFalse(ack.getAccepted(), "the head filled up");
        assertEquals(Rejection.BACKLOG_FULL, ack.getRejection());
        assertTrue(ack.getRetryable());
        assertTrue(ack.getReason().contains("write backlog full"), ack.getReason());
        historian.compactNow();   // what the background compactor would do
        long id = ack.getBatchId();
        WriteAck retried = write(channel, WriteBatch.newBuilder().setBatchId(id)
            .addSeries(doubles("acme/line1/temp", T0 + id * 1000L * SECOND, 1000)).build()).get(0);
        assertTrue(retried.getAccepted(), retried.getReason());
    }

    @Test
    void everyRpcInProcess() throws Exception {
        exerciseEveryRpc(inProcessChannel());
    }

    @Test
    void everyRpcOverALoopbackSocket() throws Exception {
        ManagedChannel channel = socketChannel();
        exerciseEveryRpc(channel);
        HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
            .check(HealthCheckRequest.newBuilder().setService(HistorianServer.SERVICE_NAME).build());
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
    }

    private void exerciseEveryRpc(ManagedChannel channel) throws Exception {
        List<WriteAck> acks = write(channel,
            WriteBatch.newBuilder().setBatchId(1).addSeries(doubles("acme/line1/temp", T0, 100))
                .addSeries(SeriesSamples.newBuilder().setPath("acme/line1/state").setType(ValueType.STRING)
                    .addTimestampsNs(T0).addStringValues("RUNNING").addQualities(0)).build(),
            WriteBatch.newBuilder().setBatchId(2).addSeries(doubles("acme/line2/temp", T0, 3))
                .addSeries(doubles("acme/+/bad", T0, 2)).build(),
            WriteBatch.newBuilder().setBatchId(3).addSeries(SeriesSamples.newBuilder().setPath("acme/x")
                .setType(ValueType.DOUBLE).addTimestampsNs(T0)).build(),
            WriteBatch.newBuilder().setBatchId(4).addSeries(doubles("acme/line2/temp", T0, 3)).build());
        assertEquals(4, acks.size());
        assertTrue(acks.get(0).getAccepted());
        assertEquals(101, acks.get(0).getSamples());
        WriteAck rejected = acks.get(1);
        assertFalse(rejected.getAccepted());
        assertEquals(1, rejected.getSeriesIndex());
        assertEquals(0, rejected.getSampleIndex());
        assertEquals("acme/+/bad", rejected.getPath());
        assertTrue(rejected.getReason().contains("wildcard '+'"), rejected.getReason());
        assertEquals(Rejection.INVALID_SAMPLE, rejected.getRejection());
        assertFalse(rejected.getRetryable());
        assertEquals(Rejection.REJECTION_UNSPECIFIED, acks.get(0).getRejection());
        assertFalse(acks.get(2).getAccepted());
        assertEquals(Rejection.INVALID_SAMPLE, acks.get(2).getRejection());
        assertTrue(acks.get(2).getReason().contains("1 timestamps but 0 DOUBLE values"), acks.get(2).getReason());
        assertTrue(acks.get(3).getAccepted(), "the stream goes on after rejections");

        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
        Selection all = Selection.newBuilder().addFilters("acme/#").build();
        List<Double> values = new ArrayList<>();
        String cursor = "";
        int messages = 0;
        do {
            Iterator<SampleColumns> page = stub.readRaw(ReadRawRequest.newBuilder().setSelection(
                Selection.newBuilder().addFilters("acme/line1/temp")).setStartNs(T0).setEndNs(T0 + 1000 * SECOND)
                .setLimit(30).setMaxPerMessage(7).setCursor(cursor).build());
            cursor = "";
            while (page.hasNext()) {
                SampleColumns columns = page.next();
                values.addAll(columns.getSamples().getDoubleValuesList());
                cursor = columns.getNextCursor();
                messages++;
            }
        } while (!cursor.isEmpty());
        assertEquals(100, values.size());
        assertEquals(49.5, values.get(99));
        assertTrue(messages >= 15, "chunks of at most 7 samples: " + messages);

        List<AggregateRows> rows = new ArrayList<>();
        stub.aggregate(AggregateRequest.newBuilder().setSelection(all).setStartNs(T0).setEndNs(T0 + 100 * SECOND)
            .setBucketNs(50 * SECOND).setTimeWeightedAverage(true).build()).forEachRemaining(rows::add);
        io.unshistorian.grpc.v1.AggregateRow firstTemp = rows.stream().flatMap(r -> r.getRowsList().stream())
            .filter(r -> r.getPath().equals("acme/line1/temp")).findFirst().orElseThrow();
        assertEquals(50, firstTemp.getCount());
        assertEquals(12.25, firstTemp.getAvg(), 1e-12);
        assertEquals(12.25, firstTemp.getTimeWeightedAverage(), 1e-12);
        AggregateRequest small = AggregateRequest.newBuilder().setSelection(all).setStartNs(T0)
            .setEndNs(T0 + 100 * SECOND).setBucketNs(50 * SECOND).setTimeWeightedAverage(true).build();
        assertEquals(rows.stream().flatMap(r -> r.getRowsList().stream()).toList(),
            stub.aggregateUnary(small).getRowsList(), "AggregateUnary answers the rows of Aggregate in one message");
        StatusRuntimeException tooMany = assertThrows(StatusRuntimeException.class, () -> stub.aggregateUnary(
            small.toBuilder().setBucketNs(SECOND / 100).setFill(InterpolateRequest.Fill.NULL).build()));   // 30,000 rows
        assertEquals(Status.Code.OUT_OF_RANGE, tooMany.getStatus().getCode(), tooMany.getStatus().toString());
        assertTrue(tooMany.getStatus().getDescription().contains("use Aggregate"), tooMany.getStatus().getDescription());

        List<InterpolatedValues> interpolated = new ArrayList<>();
        stub.interpolate(InterpolateRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("acme/line1/temp"))
            .setStartNs(T0).setEndNs(T0 + 10 * SECOND).setIntervalNs(SECOND / 2)
            .setMethod(InterpolateRequest.Method.LINEAR).setFill(InterpolateRequest.Fill.FILL_LINEAR).build())
            .forEachRemaining(interpolated::add);
        assertEquals(20, interpolated.get(0).getValuesCount());
        assertEquals(0.25, interpolated.get(0).getValues(1).getValue(), 1e-12);

        List<PlotPoints> plot = new ArrayList<>();
        stub.plot(PlotRequest.newBuilder().setSelection(all).setStartNs(T0).setEndNs(T0 + 100 * SECOND).setPixels(10)
            .build()).forEachRemaining(plot::add);
        assertEquals(11, plot.get(0).getPointsCount(), "10 pixels of line1/temp, 1 of line2/temp, none of state");

        assertEquals(3, stub.latest(LatestRequest.newBuilder().setSelection(all).build()).getLatestCount());
        assertEquals("RUNNING", stub.latest(LatestRequest.newBuilder().setSelection(
            Selection.newBuilder().addFilters("acme/line1/state")).build()).getLatest(0).getStringValues(0));
        assertEquals(List.of("line1", "line2"), stub.browse(BrowseRequest.newBuilder().setPath("acme").build())
            .getChildrenList().stream().map(c -> c.getSegment()).toList());
        assertEquals(3, stub.listSeries(ListSeriesRequest.newBuilder().setSelection(all).build()).getSeriesCount());

        SeriesInfo info = stub.setMetadata(SetMetadataRequest.newBuilder().setPath("acme/line1/temp").setUnit("degC")
            .putTags("asset", "F-1").build());
        assertEquals("degC", info.getUnit());
        assertEquals("F-1", stub.getMetadata(GetMetadataRequest.newBuilder().setPath("acme/line1/temp").build())
            .getTagsMap().get("asset"));
        StatusRuntimeException missing = assertThrows(StatusRuntimeException.class,
            () -> stub.getMetadata(GetMetadataRequest.newBuilder().setPath("acme/none").build()));
        assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
        assertTrue(missing.getStatus().getDescription().contains("no series at path 'acme/none'"));

        StatusRuntimeException malformed = assertThrows(StatusRuntimeException.class, () -> stub.aggregate(
            AggregateRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("acme/#/x")).setStartNs(T0)
                .setEndNs(T0 + 1).setBucketNs(1).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, malformed.getStatus().getCode());
        assertTrue(malformed.getStatus().getDescription().contains("'#' must be a whole level"));
        StatusRuntimeException emptyRange = assertThrows(StatusRuntimeException.class, () -> stub.aggregate(
            AggregateRequest.newBuilder().setSelection(all).setStartNs(T0).setEndNs(T0).setBucketNs(1).build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, emptyRange.getStatus().getCode());
        assertFalse(emptyRange.getStatus().getDescription().contains("Exception"), "no Java stack trace or class name");

        ServerInfoResponse serverInfo = stub.serverInfo(ServerInfoRequest.getDefaultInstance());
        assertEquals(3, serverInfo.getSeries());
        assertEquals(Health.HEALTHY, serverInfo.getHealth());
        assertEquals("", serverInfo.getHealthDetail());
        assertTrue(serverInfo.getHealthSinceMs() > 0);
    }

    /**
     * Plot's quality periods travel in their own field, in the embedded engine's order, split over
     * messages with the points: Good and Bad alternating each second give 3,000 points and 1,500
     * periods over 3,000 pixels, more than one message holds.
     */
    @Test
    void plotCarriesTheBadPeriodsBesideThePoints() throws Exception {
        ManagedChannel channel = inProcessChannel();
        SeriesSamples.Builder flapping = SeriesSamples.newBuilder().setPath("acme/line1/flow")
            .setType(ValueType.DOUBLE);
        for (int i = 0; i < 3000; i++) {
            flapping.addTimestampsNs(T0 + i * SECOND).addDoubleValues(i).addQualities(i % 2 == 0 ? 0 : 0x8031_0000);
        }
        assertTrue(write(channel, WriteBatch.newBuilder().setBatchId(1).addSeries(flapping).build()).get(0)
            .getAccepted());
        List<PlotPoints> messages = new ArrayList<>();
        HistorianGrpc.newBlockingStub(channel).plot(PlotRequest.newBuilder().setSelection(Selection.newBuilder()
            .addFilters("acme/#")).setStartNs(T0).setEndNs(T0 + 3000 * SECOND).setPixels(3000)
            .setQuality(io.unshistorian.grpc.v1.QualityMode.ALL).build()).forEachRemaining(messages::add);
        assertTrue(messages.size() > 1, "one message for " + messages.get(0).getPointsCount() + " points");

        List<io.unshistorian.grpc.v1.PlotPoint> expectedPoints = new ArrayList<>();
        List<io.unshistorian.grpc.v1.QualityPeriod> expectedPeriods = new ArrayList<>();
        historian.query().plot(io.unshistorian.query.Selection.of("acme/#"), T0, T0 + 3000 * SECOND, 3000,
            io.unshistorian.query.QualityMode.ALL, point -> expectedPoints.add(ProtoMapping.point(point)),
            period -> expectedPeriods.add(ProtoMapping.period(period)));
        assertEquals(1500, expectedPeriods.size());
        assertEquals(expectedPoints, messages.stream().flatMap(m -> m.getPointsList().stream()).toList());
        assertEquals(expectedPeriods, messages.stream().flatMap(m -> m.getBadPeriodsList().stream()).toList());
        io.unshistorian.grpc.v1.QualityPeriod first = expectedPeriods.get(0);
        assertEquals(T0 + SECOND, first.getStartNs());
        assertEquals(T0 + 2 * SECOND, first.getEndNs());
        assertEquals(0x8031_0000, first.getQuality());
    }

    @Test
    void aMalformedWriteRequestClosesTheStreamSayingWhyAfterTheGoodBatchesBeforeIt() throws Exception {
        ManagedChannel channel = socketChannel();
        // The Write method with raw bytes for requests, so the client can send what no stub would.
        MethodDescriptor<byte[], WriteAck> rawWrite = HistorianGrpc.getWriteMethod().toBuilder(
            new MethodDescriptor.Marshaller<byte[]>() {
                @Override
                public java.io.InputStream stream(byte[] value) {
                    return new java.io.ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(java.io.InputStream stream) {
                    throw new UnsupportedOperationException("the client only sends");
                }
            }, HistorianGrpc.getWriteMethod().getResponseMarshaller()).build();
        java.util.concurrent.LinkedBlockingQueue<Object> events = new java.util.concurrent.LinkedBlockingQueue<>();
        StreamObserver<byte[]> requests = ClientCalls.asyncBidiStreamingCall(
            channel.newCall(rawWrite, CallOptions.DEFAULT), new StreamObserver<WriteAck>() {
                @Override
                public void onNext(WriteAck ack) {
                    events.add(ack);
                }

                @Override
                public void onError(Throwable error) {
                    events.add(error);
                }

                @Override
                public void onCompleted() {
                    events.add("completed");
                }
            });
        requests.onNext(WriteBatch.newBuilder().setBatchId(1).addSeries(doubles("acme/line1/temp", T0, 10)).build()
            .toByteArray());
        byte[] badPath = {0x12, 0x05, 0x0A, 0x03, 'a', (byte) 0xC3, '/'};   // a path cut inside a UTF-8 sequence
        requests.onNext(badPath);
        WriteAck first = (WriteAck) events.poll(30, TimeUnit.SECONDS);
        assertTrue(first.getAccepted(), first.getReason());
        Object second = events.poll(30, TimeUnit.SECONDS);
        StatusRuntimeException refused = assertInstanceOf(StatusRuntimeException.class, second);
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
        assertTrue(refused.getStatus().getDescription().contains("not a valid historian.v1.Historian/Write message"),
            refused.getStatus().getDescription());
        assertEquals(1, historian.query().latest(io.unshistorian.query.Selection.of("acme/#")).size(),
            "the good batch was stored");
    }

    @Test
    void deadlinesAreHonored() throws Exception {
        ManagedChannel channel = socketChannel();
        WriteBatch.Builder big = WriteBatch.newBuilder().setBatchId(1);
        for (int s = 0; s < 20; s++) {
            big.addSeries(doubles("deadline/s" + s, T0, 20_000));
        }
        assertTrue(write(channel, big.build()).get(0).getAccepted());
        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel)
            .withDeadlineAfter(1, TimeUnit.MILLISECONDS);
        StatusRuntimeException late = assertThrows(StatusRuntimeException.class, () -> {
            Iterator<SampleColumns> all = stub.readRaw(ReadRawRequest.newBuilder()
                .setSelection(Selection.newBuilder().addFilters("deadline/#")).setStartNs(T0).setEndNs(Long.MAX_VALUE / 2)
                .setMaxPerMessage(10).build());
            while (all.hasNext()) {
                all.next();
                Thread.sleep(1);
            }
        });
        assertEquals(Status.Code.DEADLINE_EXCEEDED, late.getStatus().getCode());
        // The server keeps serving.
        assertEquals(20, HistorianGrpc.newBlockingStub(channel).serverInfo(ServerInfoRequest.getDefaultInstance())
            .getSeries());
    }
}
