package io.unshistorian.server;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import com.google.protobuf.InvalidProtocolBufferException;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.NamespaceNode;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRows;
import io.unshistorian.grpc.v1.BrowseRequest;
import io.unshistorian.grpc.v1.BrowseResponse;
import io.unshistorian.grpc.v1.GetMetadataRequest;
import io.unshistorian.grpc.v1.Health;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.InterpolateRequest;
import io.unshistorian.grpc.v1.InterpolatedValue;
import io.unshistorian.grpc.v1.InterpolatedValues;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.LatestResponse;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.ListSeriesResponse;
import io.unshistorian.grpc.v1.PlotPoints;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.SeriesInfo;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ForwarderInfo;
import io.unshistorian.grpc.v1.IngestSourceInfo;
import io.unshistorian.grpc.v1.ServerInfoRequest;
import io.unshistorian.grpc.v1.ServerInfoResponse;
import io.unshistorian.grpc.v1.SetMetadataRequest;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.query.InterpolationRequest;
import io.unshistorian.query.LatestValue;
import io.unshistorian.query.RawPage;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.StorageHealth;
import io.unshistorian.storage.StorageStatus;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.server.security.Access;
import io.unshistorian.server.security.AccessDenied;
import io.unshistorian.server.security.AuditEvent;
import io.unshistorian.server.security.Caller;
import io.unshistorian.server.security.Right;
import io.unshistorian.server.metrics.CallMetrics;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.write.BatchRejectedException;

/**
 * The {@code historian.v1.Historian} service over an embedded {@link Historian}. Bound with strict
 * request parsing ({@link StrictRequests}) and responses that may be pre-encoded
 * ({@link PreEncodedResponses}), wherever it is added to a server.
 */
final class HistorianService implements HistorianGrpc.AsyncService, BindableService {
    private static final int ROWS_PER_MESSAGE = 4096;
    /** Rows AggregateUnary answers at most: its one message stays well inside a client's 4 MiB limit. */
    static final int MAX_UNARY_ROWS = 10_000;
    /**
     * Raw samples per message unless the request says otherwise: about 150 KB, so several messages
     * fit a client's default HTTP/2 flow-control window (1 MiB) and the stream never waits on it
     * mid-message (measured: 65,536 per message streamed about half as fast).
     */
    private static final int DEFAULT_PER_MESSAGE = 8_192;
    /** At most this many per message, whatever the request asks: ~1.2 MB, well inside 4 MiB client limits. */
    private static final long MAX_PER_MESSAGE = 65_536;
    private static final String SERVICE = "historian.v1.Historian/";

    private final Historian historian;
    private final String version;
    private final CallLimits limits;
    private final Security security;
    private final OriginSequences origins = new OriginSequences();
    private volatile Supplier<List<IngestSourceInfo>> ingestSources = List::of;
    private volatile Supplier<ForwarderInfo> forwarder = () -> null;
    /** Where stored and refused samples are counted; null until a server with metrics sets it. */
    private volatile HistorianMetrics metrics;

    HistorianService(Historian historian, String version, Security security) {
        this(historian, version, new CallLimits(), security);
    }

    HistorianService(Historian historian, String version, CallLimits limits, Security security) {
        this.historian = historian;
        this.version = version;
        this.limits = limits;
        this.security = security;
    }

    /** Counts stored and refused samples in {@code metrics}, for Write streams started from now on. */
    void reportMetrics(HistorianMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = HistorianGrpc.bindService(this);
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(
            generated.getServiceDescriptor().getName());
        MethodDescriptor<WriteBatch, WriteAck> write = HistorianGrpc.getWriteMethod();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            if (!method.getMethodDescriptor().getFullMethodName().equals(write.getFullMethodName())) {
                service.addMethod(method);
            }
        }
        // Write takes the request bytes as they came: each stream parses them into its storage batch.
        service.addMethod(write.toBuilder(WireWriteBatch.MARSHALLER, write.getResponseMarshaller()).build(),
            ServerCalls.asyncBidiStreamingCall(this::writeStream));
        return StrictRequests.of(PreEncodedResponses.allow(service.build()));
    }

    private StreamObserver<WireWriteBatch> writeStream(StreamObserver<WriteAck> acks) {
        Caller caller = Caller.current();
        Access access = security.access(caller.principal());
        try {
            limits.startCall(access);
        } catch (RuntimeException refused) {
            acks.onError(StatusMapping.toStatus(refused));
            return new WriteStream.Refused();
        }
        return new WriteStream(historian, acks, limits, security, caller, access, origins, metrics);
    }

    @Override
    public void readRaw(ReadRawRequest request, StreamObserver<SampleColumns> responses) {
        run(responses, "ReadRaw", request.getSelection(), access -> {
            StreamSender<Object> sender = new StreamSender<>(PreEncodedResponses.observer(responses));
            int perMessage = (int) Math.min(MAX_PER_MESSAGE, request.getMaxPerMessage() == 0 ? DEFAULT_PER_MESSAGE
                : Integer.toUnsignedLong(request.getMaxPerMessage()));
            RawChunker chunker = new RawChunker(perMessage, sender);
            // Beyond the caller's points per query a raw read ends early with a cursor to go on from.
            long points = access.limits().pointsPerQuery();
            long limit = request.getLimit() == 0 || request.getLimit() > points ? points : request.getLimit();
            RawPage page;
            try {
                page = historian.query().raw(readable(access, request.getSelection()),
                    request.getStartNs(), request.getEndNs(), limit == Long.MAX_VALUE ? 0 : limit,
                    request.getCursor().isEmpty() ? null : request.getCursor(), chunker);
            } catch (DataDamagedException damaged) {
                chunker.finish(damaged.resumeCursor());   // the readable samples and the cursor, then DATA_LOSS
                throw damaged;
            }
            chunker.finish(page.nextCursor());
        });
    }

    @Override
    public void aggregate(AggregateRequest request, StreamObserver<AggregateRows> responses) {
        run(responses, "Aggregate", request.getSelection(), access -> {
            StreamSender<AggregateRows> sender = new StreamSender<>(responses);
            PointBudget budget = new PointBudget(access);
            AggregateRows.Builder rows = AggregateRows.newBuilder();
            thenFlush(() -> historian.query().aggregate(readable(access, request.getSelection()),
                ProtoMapping.aggregate(request), row -> {
                    budget.take();
                    rows.addRows(ProtoMapping.row(row));
                    if (rows.getRowsCount() == ROWS_PER_MESSAGE) {
                        sender.send(rows.build());
                        rows.clear();
                    }
                }), () -> {
                    if (rows.getRowsCount() > 0) {
                        sender.send(rows.build());
                    }
                });
        });
    }

    @Override
    public void aggregateUnary(AggregateRequest request, StreamObserver<AggregateRows> responses) {
        run(responses, "AggregateUnary", request.getSelection(), access -> {
            PointBudget budget = new PointBudget(access);
            AggregateRows.Builder rows = AggregateRows.newBuilder();
            historian.query().aggregate(readable(access, request.getSelection()), ProtoMapping.aggregate(request),
                row -> {
                    budget.take();
                    if (rows.getRowsCount() == MAX_UNARY_ROWS) {
                        throw Status.OUT_OF_RANGE.withDescription("the result has more than " + MAX_UNARY_ROWS
                            + " rows, the most AggregateUnary answers; use Aggregate, which streams them")
                            .asRuntimeException();
                    }
                    rows.addRows(ProtoMapping.row(row));
                });
            responses.onNext(rows.build());
        });
    }

    @Override
    public void interpolate(InterpolateRequest request, StreamObserver<InterpolatedValues> responses) {
        run(responses, "Interpolate", request.getSelection(), access -> {
            StreamSender<InterpolatedValues> sender = new StreamSender<>(responses);
            PointBudget budget = new PointBudget(access);
            InterpolationRequest query = new InterpolationRequest(request.getStartNs(), request.getEndNs(),
                request.getIntervalNs(), request.getOriginNs(),
                request.getMethod() == InterpolateRequest.Method.LINEAR ? InterpolationRequest.Method.LINEAR
                    : InterpolationRequest.Method.PREVIOUS,
                ProtoMapping.fill(request.getFill()), ProtoMapping.quality(request.getQuality()));
            InterpolatedValues.Builder values = InterpolatedValues.newBuilder();
            io.unshistorian.query.Selection selection = readable(access, request.getSelection());
            thenFlush(() -> historian.query().interpolate(selection, query, value -> {
                budget.take();
                values.addValues(InterpolatedValue.newBuilder().setPath(value.path()).setTimeNs(value.time())
                    .setHasValue(!Double.isNaN(value.value())).setValue(value.value())
                    .setBucketHasData(value.bucketHasData()));
                if (values.getValuesCount() == ROWS_PER_MESSAGE) {
                    sender.send(values.build());
                    values.clear();
                }
            }), () -> {
                if (values.getValuesCount() > 0) {
                    sender.send(values.build());
                }
            });
        });
    }

    @Override
    public void plot(PlotRequest request, StreamObserver<PlotPoints> responses) {
        run(responses, "Plot", request.getSelection(), access -> {
            StreamSender<PlotPoints> sender = new StreamSender<>(responses);
            PointBudget budget = new PointBudget(access);
            PlotPoints.Builder message = PlotPoints.newBuilder();
            Runnable sendWhenFull = () -> {
                if (message.getPointsCount() + message.getBadPeriodsCount() == ROWS_PER_MESSAGE) {
                    sender.send(message.build());
                    message.clear();
                }
            };
            thenFlush(() -> historian.query().plot(readable(access, request.getSelection()), request.getStartNs(),
                request.getEndNs(), (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(request.getPixels())),
                ProtoMapping.quality(request.getQuality()), point -> {
                    budget.take();
                    message.addPoints(ProtoMapping.point(point));
                    sendWhenFull.run();
                }, period -> {
                    budget.take();
                    message.addBadPeriods(ProtoMapping.period(period));
                    sendWhenFull.run();
                }), () -> {
                    if (message.getPointsCount() + message.getBadPeriodsCount() > 0) {
                        sender.send(message.build());
                    }
                });
        });
    }

    @Override
    public void latest(LatestRequest request, StreamObserver<LatestResponse> responses) {
        run(responses, "Latest", request.getSelection(), access -> {
            PointBudget budget = new PointBudget(access);
            LatestResponse.Builder response = LatestResponse.newBuilder();
            for (LatestValue latest : historian.query().latest(readable(access, request.getSelection()))) {
                budget.take();
                SeriesSamples.Builder sample = SeriesSamples.newBuilder().setPath(latest.path())
                    .setType(ProtoMapping.type(latest.type())).addTimestampsNs(latest.timestamp())
                    .addQualities(latest.quality());
                ProtoMapping.addValue(sample, latest.type(), latest.valueBits(), latest.text());
                response.addLatest(sample);
            }
            responses.onNext(response.build());
        });
    }

    @Override
    public void browse(BrowseRequest request, StreamObserver<BrowseResponse> responses) {
        run(responses, "Browse", request.getPath(), access -> {
            BrowseResponse.Builder response = BrowseResponse.newBuilder();
            for (NamespaceNode child : new VisibleNamespace(historian, access).children(request.getPath())) {
                response.addChildren(BrowseResponse.Child.newBuilder().setSegment(child.segment())
                    .setPath(child.path()).setIsSeries(child.isSeries()).setHasChildren(child.hasChildren()));
            }
            responses.onNext(response.build());
        });
    }

    @Override
    public void listSeries(ListSeriesRequest request, StreamObserver<ListSeriesResponse> responses) {
        run(responses, "ListSeries", request.getSelection(), access -> {
            PointBudget budget = new PointBudget(access);
            ListSeriesResponse.Builder response = ListSeriesResponse.newBuilder();
            for (Series series : historian.query().select(readable(access, request.getSelection()))) {
                budget.take();
                response.addSeries(ProtoMapping.info(series));
            }
            responses.onNext(response.build());
        });
    }

    @Override
    public void getMetadata(GetMetadataRequest request, StreamObserver<SeriesInfo> responses) {
        run(responses, "GetMetadata", request.getPath(), access -> {
            access.require(Right.READ, request.getPath());
            responses.onNext(ProtoMapping.info(existing(request.getPath())));
        });
    }

    @Override
    public void setMetadata(SetMetadataRequest request, StreamObserver<SeriesInfo> responses) {
        run(responses, "SetMetadata", request.getPath(), access -> {
            access.require(Right.ADMIN, request.getPath());
            existing(request.getPath());
            Series updated = historian.setMetadata(request.getPath(), new SeriesMetadata(request.getUnit(),
                request.getDescription(), request.getRangeLow(), request.getRangeHigh(), request.getTagsMap()));
            responses.onNext(ProtoMapping.info(updated));
        });
    }

    private Series existing(String path) {
        return historian.series(path).orElseThrow(() -> Status.NOT_FOUND
            .withDescription("no series at path '" + path + "'").asRuntimeException());
    }

    /** What ServerInfo reports about forwarding to a central (null: not forwarding). */
    void reportForwarder(Supplier<ForwarderInfo> info) {
        this.forwarder = info;
    }

    /** What ServerInfo reports about the server's ingest sources. */
    void reportIngest(Supplier<List<IngestSourceInfo>> sources) {
        this.ingestSources = sources;
    }

    @Override
    public void serverInfo(ServerInfoRequest request, StreamObserver<ServerInfoResponse> responses) {
        run(responses, "ServerInfo", "", access -> {
            StorageStatus status = historian.status();
            StorageHealth health = status.health();
            ServerInfoResponse.Builder info = ServerInfoResponse.newBuilder().setVersion(version)
                .setSeries(status.series()).setBlockFiles(status.blockFiles()).setBlockBytes(status.blockBytes())
                .setHeadBytes(status.headBytes()).setProblems(status.problems()).setHealth(health(health.state()))
                .setHealthDetail(health.detail()).setHealthSinceMs(health.sinceMillis());
            if (access.administersEverything()) {
                // Filesystem paths and broker addresses are for administrators of the whole namespace.
                info.setDataDirectory(historian.directory().toAbsolutePath().toString())
                    .addAllIngestSources(ingestSources.get());
                ForwarderInfo forwarding = forwarder.get();
                if (forwarding != null) {
                    info.setForwarder(forwarding);
                }
            }
            responses.onNext(info.build());
        });
    }

    static Health health(StorageHealth.State state) {
        switch (state) {
            case HEALTHY:
                return Health.HEALTHY;
            case DEGRADED:
                return Health.DEGRADED;
            default:
                return Health.WRITES_REFUSED;
        }
    }

    /** A selection narrowed to what the caller may read (see {@link Access#readable}). */
    private static io.unshistorian.query.Selection readable(Access access, io.unshistorian.grpc.v1.Selection wire) {
        return access.readable(ProtoMapping.selection(wire));
    }

    private <T> void run(StreamObserver<T> responses, String action, io.unshistorian.grpc.v1.Selection selection,
                         Body body) {
        run(responses, action, String.join(",", selection.getFiltersList()), body);
    }

    /**
     * Runs a query's body for the current caller, in a query slot and within the caller's calls;
     * completes the call, or fails it with a mapped status (never a stack trace). A denial is audited.
     */
    private <T> void run(StreamObserver<T> responses, String action, String namespace, Body body) {
        Caller caller = Caller.current();
        Access access = security.access(caller.principal());
        try {
            limits.startCall(access);
        } catch (RuntimeException refused) {
            responses.onError(StatusMapping.toStatus(refused));
            return;
        }
        try {
            limits.startQuery();
        } catch (RuntimeException refused) {
            limits.callDone(access);
            responses.onError(StatusMapping.toStatus(refused));
            return;
        }
        Throwable failure = null;
        try {
            body.run(access);
        } catch (Throwable e) {
            failure = e;
        } finally {
            // Given back before the client hears the call ended: its next call must find the slot free.
            limits.queryDone();
            limits.callDone(access);
        }
        if (failure == null) {
            responses.onCompleted();
            return;
        }
        if (failure instanceof AccessDenied) {
            security.audit(AuditEvent.denied(caller.principal(), caller.remote(), SERVICE + action, namespace,
                failure.getMessage()));
        }
        responses.onError(StatusMapping.toStatus(failure));
    }

    /**
     * Runs a streaming query, then sends what it left in the builder: also when it met damaged data,
     * so the readable rows arrive before the DATA_LOSS status.
     */
    private static void thenFlush(Runnable query, Runnable flush) {
        try {
            query.run();
        } catch (DataDamagedException damaged) {
            flush.run();
            throw damaged;
        }
        flush.run();
    }

    @FunctionalInterface
    private interface Body {
        void run(Access access) throws IOException;
    }

    /**
     * Handles one Write stream: each batch checked against the caller's grants and limits,
     * converted, stored and acknowledged in order; at its end, one audit line sums it up.
     */
    private static final class WriteStream implements StreamObserver<WireWriteBatch> {
        /** A stream keeps its batch between messages, unless it grew beyond this: idle streams stay small. */
        private static final int KEPT_CAPACITY = 1 << 16;

        private final Historian historian;
        private final StreamObserver<WriteAck> acks;
        private final CallLimits limits;
        private final Security security;
        private final Caller caller;
        private final Access access;
        private final WriteSummary summary = new WriteSummary();
        private io.unshistorian.storage.write.WriteBatch batch = new io.unshistorian.storage.write.WriteBatch();
        private final WriteBatchReader reader = new WriteBatchReader();
        private final OriginSequences origins;
        private final HistorianMetrics metrics;
        /** The metrics' name for where this stream's writes come from (forwarder when a batch has an origin). */
        private final String source;
        /** An origin one of whose batches this call refused: its later batches are refused too. */
        private String refusedOrigin;
        private boolean ended;

        WriteStream(Historian historian, StreamObserver<WriteAck> acks, CallLimits limits, Security security,
                    Caller caller, Access access, OriginSequences origins, HistorianMetrics metrics) {
            this.origins = origins;
            this.metrics = metrics;
            this.source = CallMetrics.source();
            this.historian = historian;
            this.acks = acks;
            this.limits = limits;
            this.security = security;
            this.caller = caller;
            this.access = access;
        }

        /** The stream of a call refused before it began: ignores what the client still sends. */
        static final class Refused implements StreamObserver<WireWriteBatch> {
            @Override
            public void onNext(WireWriteBatch value) {
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
            }
        }

        @Override
        public void onNext(WireWriteBatch wire) {
            if (ended) {
                return;   // refused as malformed before: the call is closed
            }
            byte[] bytes = wire.bytes();
            try {
                reader.read(bytes, batch);
            } catch (InvalidProtocolBufferException malformed) {
                summary.rejected();
                acks.onError(Status.INVALID_ARGUMENT.withDescription("the request is not a valid " + SERVICE + "Write "
                    + "message (" + malformed.getMessage() + "); strings must be UTF-8").asRuntimeException());
                end();
                return;
            }
            WriteAck.Builder ack = WriteAck.newBuilder().setBatchId(reader.batchId());
            String origin = reader.origin();
            if (!origin.isEmpty() && origin.equals(refusedOrigin)) {
                // Storing it would let its origin sequence, larger than the refused one's, hide that
                // batch's resend as a duplicate.
                summary.rejected();
                count(false, Rejection.ORIGIN_OUT_OF_ORDER);
                acks.onNext(ack.setAccepted(false).setSeriesIndex(-1).setSampleIndex(-1).setRetryable(true)
                    .setRejection(Rejection.ORIGIN_OUT_OF_ORDER).setReason("an earlier batch of origin " + origin
                        + " was refused in this call; resend from that one").build());
                return;
            }
            if (!permitted(bytes.length, ack)) {
                summary.rejected();
                reply(ack);
                return;
            }
            int permits;
            try {
                permits = limits.startWrite(bytes.length);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                acks.onError(Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException());
                end();
                return;
            }
            if (permits == 0) {
                summary.rejected();
                reply(ack.setAccepted(false).setSeriesIndex(-1).setSampleIndex(-1).setRetryable(true)
                    .setRejection(Rejection.BACKLOG_FULL).setReason("the server is storing "
                        + (CallLimits.MAX_WRITE_BYTES >> 20) + " MiB of other batches; retry this one shortly"));
                return;
            }
            try {
                store(ack);
            } finally {
                limits.writeDone(permits);
                if (batch.size() > KEPT_CAPACITY) {
                    batch = new io.unshistorian.storage.write.WriteBatch();
                } else {
                    batch.clear();
                }
            }
        }

        /**
         * Whether the caller may write this batch: within its request size, and every series in its
         * write grants. A batch with one forbidden series is refused whole, naming it, and audited.
         */
        private boolean permitted(int requestSize, WriteAck.Builder ack) {
            long requestBytes = access.limits().requestBytes();
            if (requestSize > requestBytes) {
                ack.setAccepted(false).setSeriesIndex(-1).setSampleIndex(-1).setRejection(Rejection.BATCH_TOO_LARGE)
                    .setReason("the batch is " + requestSize + " bytes, more than the " + requestBytes
                        + " bytes " + access.principal().name() + " may send at once; split it");
                return false;
            }
            if (!access.restricted()) {
                return true;
            }
            List<String> paths = reader.paths();
            for (int s = 0; s < paths.size(); s++) {
                String path = paths.get(s);
                if (!access.canWrite(path)) {
                    String why = access.principal().name() + " may not write '" + path + "'";
                    security.audit(AuditEvent.denied(caller.principal(), caller.remote(), SERVICE + "Write", path,
                        why + "; batch " + reader.batchId() + " refused whole"));
                    ack.setAccepted(false).setSeriesIndex(s).setSampleIndex(-1).setPath(path)
                        .setRejection(Rejection.PERMISSION_DENIED).setReason(why + "; nothing of this batch was stored");
                    return false;
                }
            }
            return true;
        }

        private void store(WriteAck.Builder ack) {
            WriteBatchReader.Rejection wrong = reader.rejection();
            if (wrong != null) {
                summary.rejected();
                ack.setAccepted(false).setSeriesIndex(wrong.seriesIndex()).setSampleIndex(-1).setPath(wrong.path())
                    .setReason(wrong.reason()).setRejection(Rejection.INVALID_SAMPLE);
                reply(ack);
                return;
            }
            String origin = reader.origin();
            String principal = access.principal().name();
            if (!origin.isEmpty() && origins.stored(principal, origin, reader.originSequence())) {
                acks.onNext(ack.setAccepted(true).setDuplicate(true).setSeriesIndex(-1).setSampleIndex(-1).build());
                return;
            }
            try {
                historian.write(batch);
                if (!origin.isEmpty()) {
                    origins.record(principal, origin, reader.originSequence());
                }
                ack.setAccepted(true).setSamples(batch.size()).setSeriesIndex(-1).setSampleIndex(-1);
                summary.stored(reader.paths(), batch.size());
            } catch (BatchRejectedException e) {
                summary.rejected();
                int seriesIndex = seriesOf(e.sampleIndex());
                ack.setAccepted(false).setSeriesIndex(seriesIndex)
                    .setSampleIndex(seriesIndex < 0 ? -1 : e.sampleIndex() - reader.seriesStarts().get(seriesIndex))
                    .setPath(e.path() == null ? "" : e.path()).setReason(e.reason())
                    .setRetryable(e.kind().retryable()).setRejection(StatusMapping.rejection(e.kind()));
            } catch (IOException | RuntimeException e) {
                acks.onError(StatusMapping.toStatus(e));
                end();
                return;
            }
            reply(ack);
        }

        /** Sends a batch's acknowledgement; a refusal of a forwarder's batch refuses its origin's later ones in this call. */
        private void reply(WriteAck.Builder ack) {
            if (!ack.getAccepted() && !reader.origin().isEmpty()) {
                refusedOrigin = reader.origin();
            }
            count(ack.getAccepted(), ack.getRejection());
            acks.onNext(ack.build());
        }

        /** Counts the batch's samples as stored or refused (with the reason) in the metrics, if kept. */
        private void count(boolean stored, Rejection reason) {
            if (metrics == null) {
                return;
            }
            String from = reader.origin().isEmpty() ? source : "forwarder";
            if (stored) {
                metrics.samplesStored(from, batch.size());
            } else {
                metrics.samplesRejected(from, reason.name(), batch.size());
            }
        }

        private int seriesOf(int sampleIndex) {
            if (sampleIndex < 0) {
                return -1;
            }
            List<Integer> seriesStarts = reader.seriesStarts();
            int series = 0;
            while (series + 1 < seriesStarts.size() && seriesStarts.get(series + 1) <= sampleIndex) {
                series++;
            }
            return series;
        }

        @Override
        public void onError(Throwable error) {
            // the client went away; nothing was left half-written
            end();
        }

        @Override
        public void onCompleted() {
            end();
            acks.onCompleted();
        }

        /** Once per stream: gives back the caller's call and writes the audit summary. */
        private void end() {
            if (ended) {
                return;
            }
            ended = true;
            limits.callDone(access);
            if (summary.any()) {
                security.audit(new AuditEvent("writes", caller.principal().name(), caller.remote(), SERVICE + "Write",
                    summary.namespaces(), true, summary.counts()));
            }
        }
    }
}
