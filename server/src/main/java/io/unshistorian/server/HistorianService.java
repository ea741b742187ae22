package io.unshistorian.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.NamespaceNode;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRow;
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
import io.unshistorian.grpc.v1.PlotPoint;
import io.unshistorian.grpc.v1.PlotPoints;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.SeriesInfo;
import io.unshistorian.grpc.v1.SeriesSamples;
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
import io.unshistorian.storage.write.BatchRejectedException;

/** The {@code historian.v1.Historian} service over an embedded {@link Historian}. */
final class HistorianService extends HistorianGrpc.HistorianImplBase {
    private static final int ROWS_PER_MESSAGE = 4096;

    private final Historian historian;
    private final String version;
    private final CallLimits limits;
    private volatile Supplier<List<IngestSourceInfo>> ingestSources = List::of;

    HistorianService(Historian historian, String version) {
        this(historian, version, new CallLimits());
    }

    HistorianService(Historian historian, String version, CallLimits limits) {
        this.historian = historian;
        this.version = version;
        this.limits = limits;
    }

    @Override
    public StreamObserver<WriteBatch> write(StreamObserver<WriteAck> acks) {
        return new WriteStream(historian, acks, limits);
    }

    @Override
    public void readRaw(ReadRawRequest request, StreamObserver<SampleColumns> responses) {
        run(responses, () -> {
            StreamSender<SampleColumns> sender = new StreamSender<>(responses);
            int perMessage = request.getMaxPerMessage() == 0 ? 65_536 : request.getMaxPerMessage();
            RawChunker chunker = new RawChunker(perMessage, sender);
            RawPage page;
            try {
                page = historian.query().raw(ProtoMapping.selection(request.getSelection()),
                    request.getStartNs(), request.getEndNs(), request.getLimit(),
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
        run(responses, () -> {
            StreamSender<AggregateRows> sender = new StreamSender<>(responses);
            io.unshistorian.query.AggregateRequest query = new io.unshistorian.query.AggregateRequest(
                request.getStartNs(), request.getEndNs(), request.getBucketNs(), request.getOriginNs(),
                ProtoMapping.quality(request.getQuality()), request.getStddev(), request.getTimeWeightedAverage());
            AggregateRows.Builder rows = AggregateRows.newBuilder();
            thenFlush(() -> historian.query().aggregate(ProtoMapping.selection(request.getSelection()), query, row -> {
                rows.addRows(AggregateRow.newBuilder().setPath(row.path()).setBucketStartNs(row.bucketStart())
                    .setCount(row.count()).setExcluded(row.excluded()).setSum(row.sum()).setMin(row.min())
                    .setMax(row.max()).setAvg(row.avg()).setFirstNs(row.firstTime()).setFirst(row.first())
                    .setLastNs(row.lastTime()).setLast(row.last()).setStddev(row.stddev())
                    .setTimeWeightedAverage(row.timeWeightedAverage()));
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
    public void interpolate(InterpolateRequest request, StreamObserver<InterpolatedValues> responses) {
        run(responses, () -> {
            StreamSender<InterpolatedValues> sender = new StreamSender<>(responses);
            InterpolationRequest query = new InterpolationRequest(request.getStartNs(), request.getEndNs(),
                request.getIntervalNs(), request.getOriginNs(),
                request.getMethod() == InterpolateRequest.Method.LINEAR ? InterpolationRequest.Method.LINEAR
                    : InterpolationRequest.Method.PREVIOUS,
                fill(request.getFill()), ProtoMapping.quality(request.getQuality()));
            InterpolatedValues.Builder values = InterpolatedValues.newBuilder();
            io.unshistorian.query.Selection selection = ProtoMapping.selection(request.getSelection());
            thenFlush(() -> historian.query().interpolate(selection, query, value -> {
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

    private static InterpolationRequest.Fill fill(InterpolateRequest.Fill fill) {
        switch (fill) {
            case NULL:
                return InterpolationRequest.Fill.NULL;
            case FILL_PREVIOUS:
                return InterpolationRequest.Fill.PREVIOUS;
            case FILL_LINEAR:
                return InterpolationRequest.Fill.LINEAR;
            default:
                return InterpolationRequest.Fill.OMIT;
        }
    }

    @Override
    public void plot(PlotRequest request, StreamObserver<PlotPoints> responses) {
        run(responses, () -> {
            StreamSender<PlotPoints> sender = new StreamSender<>(responses);
            PlotPoints.Builder points = PlotPoints.newBuilder();
            thenFlush(() -> historian.query().plot(ProtoMapping.selection(request.getSelection()), request.getStartNs(),
                request.getEndNs(), (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(request.getPixels())),
                ProtoMapping.quality(request.getQuality()), point -> {
                    points.addPoints(PlotPoint.newBuilder().setPath(point.path()).setPixel(point.pixel())
                        .setPixelStartNs(point.pixelStart()).setPixelEndNs(point.pixelEnd())
                        .setFirstNs(point.firstTime()).setFirst(point.first()).setLastNs(point.lastTime())
                        .setLast(point.last()).setMinNs(point.minTime()).setMin(point.min())
                        .setMaxNs(point.maxTime()).setMax(point.max()).setCount(point.count()));
                    if (points.getPointsCount() == ROWS_PER_MESSAGE) {
                        sender.send(points.build());
                        points.clear();
                    }
                }), () -> {
                    if (points.getPointsCount() > 0) {
                        sender.send(points.build());
                    }
                });
        });
    }

    @Override
    public void latest(LatestRequest request, StreamObserver<LatestResponse> responses) {
        run(responses, () -> {
            LatestResponse.Builder response = LatestResponse.newBuilder();
            for (LatestValue latest : historian.query().latest(ProtoMapping.selection(request.getSelection()))) {
                SeriesSamples.Builder sample = SeriesSamples.newBuilder().setPath(latest.path())
                    .setType(ProtoMapping.type(latest.type())).addTimestampsNs(latest.timestamp())
                    .addQualities(latest.quality());
                RawChunker.addValue(sample, latest.type(), latest.valueBits(), latest.text());
                response.addLatest(sample);
            }
            responses.onNext(response.build());
        });
    }

    @Override
    public void browse(BrowseRequest request, StreamObserver<BrowseResponse> responses) {
        run(responses, () -> {
            BrowseResponse.Builder response = BrowseResponse.newBuilder();
            for (NamespaceNode child : historian.browse(request.getPath())) {
                response.addChildren(BrowseResponse.Child.newBuilder().setSegment(child.segment())
                    .setPath(child.path()).setIsSeries(child.isSeries()).setHasChildren(child.hasChildren()));
            }
            responses.onNext(response.build());
        });
    }

    @Override
    public void listSeries(ListSeriesRequest request, StreamObserver<ListSeriesResponse> responses) {
        run(responses, () -> {
            ListSeriesResponse.Builder response = ListSeriesResponse.newBuilder();
            for (Series series : historian.query().select(ProtoMapping.selection(request.getSelection()))) {
                response.addSeries(ProtoMapping.info(series));
            }
            responses.onNext(response.build());
        });
    }

    @Override
    public void getMetadata(GetMetadataRequest request, StreamObserver<SeriesInfo> responses) {
        run(responses, () -> responses.onNext(ProtoMapping.info(existing(request.getPath()))));
    }

    @Override
    public void setMetadata(SetMetadataRequest request, StreamObserver<SeriesInfo> responses) {
        run(responses, () -> {
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

    /** What ServerInfo reports about the server's ingest sources. */
    void reportIngest(Supplier<List<IngestSourceInfo>> sources) {
        this.ingestSources = sources;
    }

    @Override
    public void serverInfo(ServerInfoRequest request, StreamObserver<ServerInfoResponse> responses) {
        run(responses, () -> {
            StorageStatus status = historian.status();
            StorageHealth health = status.health();
            responses.onNext(ServerInfoResponse.newBuilder().setVersion(version)
                .setDataDirectory(historian.directory().toAbsolutePath().toString())
                .setSeries(status.series()).setBlockFiles(status.blockFiles()).setBlockBytes(status.blockBytes())
                .setHeadBytes(status.headBytes()).setProblems(status.problems()).setHealth(health(health.state()))
                .setHealthDetail(health.detail()).setHealthSinceMs(health.sinceMillis())
                .addAllIngestSources(ingestSources.get()).build());
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

    /** Runs a call's body; completes the call, or fails it with a mapped status (never a stack trace). */
    /** Runs a query's body in a query slot; completes the call, or fails it with a mapped status (never a stack trace). */
    private <T> void run(StreamObserver<T> responses, Body body) {
        try {
            limits.startQuery();
        } catch (RuntimeException refused) {
            responses.onError(StatusMapping.toStatus(refused));
            return;
        }
        try {
            body.run();
            responses.onCompleted();
        } catch (Throwable e) {
            responses.onError(StatusMapping.toStatus(e));
        } finally {
            limits.queryDone();
        }
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
        void run() throws IOException;
    }

    /** Handles one Write stream: each batch converted, stored and acknowledged in order. */
    private static final class WriteStream implements StreamObserver<WriteBatch> {
        /** A stream keeps its batch between messages, unless it grew beyond this: idle streams stay small. */
        private static final int KEPT_CAPACITY = 1 << 16;

        private final Historian historian;
        private final StreamObserver<WriteAck> acks;
        private final CallLimits limits;
        private io.unshistorian.storage.write.WriteBatch batch = new io.unshistorian.storage.write.WriteBatch();
        private final List<Integer> seriesStarts = new ArrayList<>();

        WriteStream(Historian historian, StreamObserver<WriteAck> acks, CallLimits limits) {
            this.historian = historian;
            this.acks = acks;
            this.limits = limits;
        }

        @Override
        public void onNext(WriteBatch wire) {
            WriteAck.Builder ack = WriteAck.newBuilder().setBatchId(wire.getBatchId());
            int permits;
            try {
                permits = limits.startWrite(wire.getSerializedSize());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                acks.onError(Status.UNAVAILABLE.withDescription("the server is shutting down").asRuntimeException());
                return;
            }
            if (permits == 0) {
                acks.onNext(ack.setAccepted(false).setSeriesIndex(-1).setSampleIndex(-1).setRetryable(true)
                    .setRejection(Rejection.BACKLOG_FULL).setReason("the server is storing "
                        + (CallLimits.MAX_WRITE_BYTES >> 20) + " MiB of other batches; retry this one shortly").build());
                return;
            }
            try {
                store(wire, ack);
            } finally {
                limits.writeDone(permits);
                if (batch.size() > KEPT_CAPACITY) {
                    batch = new io.unshistorian.storage.write.WriteBatch();
                } else {
                    batch.clear();
                }
            }
        }

        private void store(WriteBatch wire, WriteAck.Builder ack) {
            batch.clear();
            seriesStarts.clear();
            try {
                for (int s = 0; s < wire.getSeriesCount(); s++) {
                    seriesStarts.add(batch.size());
                    ProtoMapping.append(wire.getSeries(s), s, batch);
                }
                historian.write(batch);
                ack.setAccepted(true).setSamples(batch.size()).setSeriesIndex(-1).setSampleIndex(-1);
            } catch (ProtoMapping.WireRejection e) {
                ack.setAccepted(false).setSeriesIndex(e.seriesIndex).setSampleIndex(e.sampleIndex).setPath(e.path)
                    .setReason(e.getMessage()).setRejection(Rejection.INVALID_SAMPLE);
            } catch (BatchRejectedException e) {
                int seriesIndex = seriesOf(e.sampleIndex());
                ack.setAccepted(false).setSeriesIndex(seriesIndex)
                    .setSampleIndex(seriesIndex < 0 ? -1 : e.sampleIndex() - seriesStarts.get(seriesIndex))
                    .setPath(e.path() == null ? "" : e.path()).setReason(e.reason())
                    .setRetryable(e.kind().retryable()).setRejection(StatusMapping.rejection(e.kind()));
            } catch (IOException | RuntimeException e) {
                acks.onError(StatusMapping.toStatus(e));
                return;
            }
            acks.onNext(ack.build());
        }

        private int seriesOf(int sampleIndex) {
            if (sampleIndex < 0) {
                return -1;
            }
            int series = 0;
            while (series + 1 < seriesStarts.size() && seriesStarts.get(series + 1) <= sampleIndex) {
                series++;
            }
            return series;
        }

        @Override
        public void onError(Throwable error) {
            // the client went away; nothing was left half-written
        }

        @Override
        public void onCompleted() {
            acks.onCompleted();
        }
    }
}
