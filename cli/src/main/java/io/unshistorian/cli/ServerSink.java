package io.unshistorian.cli;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.unshistorian.client.WriteStream;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.ingest.csv.CsvImport;
import io.unshistorian.ingest.csv.ParsedSamples;
import io.unshistorian.server.metrics.CallMetrics;

/**
 * Stores imported samples in a running server over one gRPC Write stream, a few batches in flight
 * so the server stores one while the next crosses the wire. Each batch is kept until its
 * acknowledgement: a refused sample is reported with its line and the batch sent again without it;
 * a batch the server is too busy or too full to take is sent again after a pause.
 */
final class ServerSink implements CsvImport.Sink {
    private static final int IN_FLIGHT = 4;
    private static final long ACK_TIMEOUT_SECONDS = 300;
    private static final long RETRY_FOR_NANOS = TimeUnit.MINUTES.toNanos(2);

    /** A batch sent and not yet acknowledged, with the file line of each of its samples. */
    private record Sent(long id, WriteBatch batch, long[][] lines) {
    }

    private final WriteStream stream;
    private final ArrayDeque<Sent> inFlight = new ArrayDeque<>();
    private long nextId = 1;
    private long retryingSince = -1;
    // per series id of the file: samples of the batch being grouped, and where its series goes
    private int[] counts = new int[0];
    private int[] slot = new int[0];

    ServerSink(Channel channel) {
        this.stream = WriteStream.open(ClientInterceptors.intercept(channel, new ImportLabel()));
    }

    /** Names the writes an import in the server's metrics (historian_ingest_samples{source="import"}). */
    private static final class ImportLabel implements ClientInterceptor {
        @Override
        public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                @Override
                public void start(Listener<R> responses, Metadata headers) {
                    headers.put(CallMetrics.SOURCE_HEADER, "import");
                    super.start(responses, headers);
                }
            };
        }
    }

    @Override
    public long write(ParsedSamples samples, CsvImport.Rejections rejections) throws IOException {
        if (samples.size() == 0) {
            return 0;
        }
        send(group(samples));
        long stored = 0;
        while (inFlight.size() >= IN_FLIGHT) {
            stored += awaitOne(rejections);
        }
        return stored;
    }

    @Override
    public long finish(CsvImport.Rejections rejections) throws IOException {
        long stored = 0;
        while (!inFlight.isEmpty()) {
            stored += awaitOne(rejections);
        }
        stream.finish();
        return stored;
    }

    /** The batch's samples grouped by series (file order within each), as one WriteBatch. */
    private Sent group(ParsedSamples samples) {
        int seriesKnown = samples.paths().length;
        if (counts.length < seriesKnown) {
            counts = new int[seriesKnown];
            slot = new int[seriesKnown];
        }
        int distinct = 0;
        int[] order = new int[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
            int series = samples.series(i);
            if (counts[series]++ == 0) {
                order[distinct++] = series;
            }
        }
        SeriesSamples.Builder[] builders = new SeriesSamples.Builder[distinct];
        long[][] lines = new long[distinct][];
        for (int s = 0; s < distinct; s++) {
            int series = order[s];
            slot[series] = s;
            builders[s] = SeriesSamples.newBuilder().setPath(samples.paths()[series]).setType(ValueType.DOUBLE);
            lines[s] = new long[counts[series]];
            counts[series] = 0;   // from here: samples placed so far
        }
        boolean allGood = true;
        for (int i = 0; i < samples.size(); i++) {
            allGood &= samples.quality(i) == 0;
        }
        for (int i = 0; i < samples.size(); i++) {
            int series = samples.series(i);
            int s = slot[series];
            builders[s].addTimestampsNs(samples.timestamp(i)).addDoubleValues(samples.value(i));
            if (!allGood) {
                builders[s].addQualities(samples.quality(i));
            }
            lines[s][counts[series]++] = samples.line(i);
        }
        WriteBatch.Builder batch = WriteBatch.newBuilder();
        for (int s = 0; s < distinct; s++) {
            counts[order[s]] = 0;
            batch.addSeries(builders[s]);
        }
        return new Sent(0, batch.build(), lines);
    }

    private void send(Sent unsent) {
        long id = nextId++;
        WriteBatch batch = unsent.batch().toBuilder().setBatchId(id).build();
        inFlight.add(new Sent(id, batch, unsent.lines()));
        stream.send(batch);
    }

    /** Waits for the oldest batch's acknowledgement; returns the samples it stored. */
    private long awaitOne(CsvImport.Rejections rejections) throws IOException {
        WriteAck ack;
        try {
            ack = stream.nextAck(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the server", e);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof StatusRuntimeException status) {
                throw status;   // the call failed: said as the command line says every gRPC failure
            }
            throw new IOException(e.getMessage(), e);
        }
        if (ack == null) {
            throw new IOException("the server closed the write stream early; samples of " + inFlight.size()
                + " batches may not be stored; import the file again (rows already stored are overwritten with the "
                + "same values)");
        }
        Sent sent = inFlight.poll();
        if (sent == null || sent.id() != ack.getBatchId()) {
            throw new IOException("the server acknowledged batch " + ack.getBatchId() + " out of order");
        }
        if (ack.getAccepted()) {
            retryingSince = -1;
            return ack.getSamples();
        }
        if (ack.getRetryable()) {
            pauseBeforeRetry(ack);
            send(sent);
            return 0;
        }
        int series = ack.getSeriesIndex();
        if (series < 0 || series >= sent.batch().getSeriesCount()) {
            throw new IOException("the server refused a batch of " + sent.lines().length + " series: " + ack.getReason()
                + (ack.getRejection() == Rejection.BATCH_TOO_LARGE ? "; import again with a smaller --batch" : ""));
        }
        Sent rest = ack.getSampleIndex() < 0 || ack.getRejection() == Rejection.PERMISSION_DENIED
            ? withoutSeries(sent, series, ack.getReason(), rejections)
            : withoutSample(sent, series, ack.getSampleIndex(), ack.getReason(), rejections);
        if (rest.batch().getSeriesCount() > 0) {
            send(rest);
        }
        return 0;
    }

    private void pauseBeforeRetry(WriteAck ack) throws IOException {
        long now = System.nanoTime();
        if (retryingSince < 0) {
            retryingSince = now;
        } else if (now - retryingSince > RETRY_FOR_NANOS) {
            throw new IOException("the server has refused batches for 2 minutes: " + ack.getReason());
        }
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry", e);
        }
    }

    private static Sent withoutSeries(Sent sent, int series, String reason, CsvImport.Rejections rejections) {
        for (long line : sent.lines()[series]) {
            rejections.rejected(line, reason);
        }
        WriteBatch.Builder batch = sent.batch().toBuilder().removeSeries(series);
        long[][] lines = new long[sent.lines().length - 1][];
        System.arraycopy(sent.lines(), 0, lines, 0, series);
        System.arraycopy(sent.lines(), series + 1, lines, series, lines.length - series);
        return new Sent(0, batch.build(), lines);
    }

    private static Sent withoutSample(Sent sent, int series, int sample, String reason,
                                      CsvImport.Rejections rejections) {
        long[] seriesLines = sent.lines()[series];
        if (sample >= seriesLines.length) {
            return withoutSeries(sent, series, reason, rejections);
        }
        rejections.rejected(seriesLines[sample], reason);
        SeriesSamples old = sent.batch().getSeries(series);
        SeriesSamples.Builder kept = old.toBuilder().clearTimestampsNs().clearDoubleValues().clearQualities();
        for (int i = 0; i < old.getTimestampsNsCount(); i++) {
            if (i != sample) {
                kept.addTimestampsNs(old.getTimestampsNs(i)).addDoubleValues(old.getDoubleValues(i));
                if (old.getQualitiesCount() > 0) {
                    kept.addQualities(old.getQualities(i));
                }
            }
        }
        long[][] lines = sent.lines().clone();
        long[] rest = Arrays.copyOf(seriesLines, seriesLines.length - 1);
        System.arraycopy(seriesLines, sample + 1, rest, sample, rest.length - sample);
        lines[series] = rest;
        WriteBatch.Builder batch = sent.batch().toBuilder();
        if (kept.getTimestampsNsCount() == 0) {
            batch.removeSeries(series);
            long[][] fewer = new long[lines.length - 1][];
            System.arraycopy(lines, 0, fewer, 0, series);
            System.arraycopy(lines, series + 1, fewer, series, fewer.length - series);
            lines = fewer;
        } else {
            batch.setSeries(series, kept);
        }
        return new Sent(0, batch.build(), lines);
    }
}
