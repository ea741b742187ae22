package io.unshistorian.server.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.WriteStream;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRow;
import io.unshistorian.grpc.v1.AggregateRows;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sustained load on a real server JVM (default settings, 1 GiB heap): 64 writer streams and 16
 * readers (raw reads, aggregates, time-weighted averages, plots, latest values) over gRPC at once. Required: no error, no
 * acknowledged sample lost after a restart, heap and RSS bounded (both reported), and the p50/p99
 * of write acknowledgements and queries reported. A retryable refusal (the head is full) is
 * backpressure, not an error: the writer sends the same batch again, as a client should.
 *
 * <p>{@value #SECONDS_PROPERTY} sets the duration (default 60; the long run is 600).
 */
class ServerLoadTest {
    static final String SECONDS_PROPERTY = "uns.load.seconds";
    private static final int WRITERS = 64;
    private static final int READERS = 16;
    private static final int SERIES_PER_WRITER = 10;
    private static final int PER_SERIES = 50;
    private static final int WINDOW = 4;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong heapMax = new AtomicLong();
    private final AtomicLong rssMax = new AtomicLong();
    private final List<Long> heapAtEnd = new ArrayList<>();

    @Test
    void sixtyFourWritersAndSixteenReadersWithoutErrorsOrLoss() throws Exception {
        int seconds = Integer.getInteger(SECONDS_PROPERTY, 60);
        long base = System.currentTimeMillis() * 1_000_000L;
        Writer[] writers = new Writer[WRITERS];
        Map<String, List<Long>> queryMillis = new ConcurrentHashMap<>();
        try (ServerProcess server = ServerProcess.start(dir, "-Xmx1g", true, this::memory)) {
            int port = server.awaitPort(120);
            ManagedChannel[] channels = new ManagedChannel[4];
            for (int c = 0; c < channels.length; c++) {
                channels[c] = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            }
            long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers[w] = new Writer(w, base, channels[w % channels.length], stopAt);
                threads.add(new Thread(writers[w], "writer-" + w));
            }
            for (int r = 0; r < READERS; r++) {
                int reader = r;
                threads.add(new Thread(() -> read(reader, HistorianGrpc.newBlockingStub(channels[reader % channels.length]),
                    base, stopAt, queryMillis), "reader-" + r));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(seconds + 180));
            }
            for (ManagedChannel channel : channels) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            synchronized (heapAtEnd) {
                heapAtEnd.add(heapMax.get());
            }
            server.terminate();
            assertTrue(server.awaitExit(120), "the server shuts down: " + server.output());
        }
        long acked = Arrays.stream(writers).mapToLong(w -> w.ackedSamples).sum();
        List<Long> ackMillis = new ArrayList<>();
        for (Writer writer : writers) {
            ackMillis.addAll(writer.ackMicros);
        }
        try (ServerProcess server = ServerProcess.start(dir, "-Xmx1g", true, line -> { })) {
            int port = server.awaitPort(120);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                verify(HistorianGrpc.newBlockingStub(channel), writers, base);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format("ServerLoadTest: %d s, %d writers, %d readers: %d samples acknowledged (%.0f/s), "
                + "%d retryable refusals, %d errors; write ack ms p50 %.1f p99 %.1f; heap max %d MiB, RSS max %d MiB",
            seconds, WRITERS, READERS, acked, acked / (double) seconds, refusals.get(), errors.size(),
            percentile(ackMillis, 50) / 1000.0, percentile(ackMillis, 99) / 1000.0, heapMax.get() >> 20,
            rssMax.get() >> 20));
        queryMillis.forEach((kind, times) -> report.append(String.format("; %s n=%d ms p50 %d p99 %d", kind,
            times.size(), percentile(times, 50), percentile(times, 99))));
        System.out.println(report);
        assertEquals(List.of(), new ArrayList<>(errors), "no errors under load");
        assertTrue(acked > 0, "nothing was written");
        assertTrue(heapMax.get() < 1L << 30, "heap bounded by -Xmx1g");
    }

    private void memory(String line) {
        String[] parts = line.split(" ");
        heapMax.accumulateAndGet(Long.parseLong(parts[1]), Math::max);
        rssMax.accumulateAndGet(Long.parseLong(parts[2]), Math::max);
    }

    private static long time(long base, int batch, int i) {
        return base + (batch * (long) PER_SERIES + i) * 1_000_000L;
    }

    private static double value(int writer, int batch, int k, int i) {
        return writer * 7.0 + batch * 0.5 + k + i * 0.001;
    }

    /** One writer stream: batches of {@value #SERIES_PER_WRITER} series, {@value #WINDOW} in flight. */
    private final class Writer implements Runnable {
        final int number;
        final long base;
        final ManagedChannel channel;
        final long stopAt;
        final List<Long> ackMicros = new ArrayList<>();
        long ackedSamples;
        final List<Integer> ackedBatches = new ArrayList<>();
        private final long[] sentAt = new long[1 << 20];

        Writer(int number, long base, ManagedChannel channel, long stopAt) {
            this.number = number;
            this.base = base;
            this.channel = channel;
            this.stopAt = stopAt;
        }

        WriteBatch batch(int b) {
            WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(b);
            for (int k = 0; k < SERIES_PER_WRITER; k++) {
                SeriesSamples.Builder series = SeriesSamples.newBuilder().setPath("load/w" + number + "/s" + k)
                    .setType(ValueType.DOUBLE);
                for (int i = 0; i < PER_SERIES; i++) {
                    series.addTimestampsNs(time(base, b, i)).addDoubleValues(value(number, b, k, i));
                }
                batch.addSeries(series);
            }
            return batch.build();
        }

        @Override
        public void run() {
            WriteStream stream = WriteStream.open(channel);
            int sent = 0;
            int answered = 0;
            List<Integer> retry = new ArrayList<>();
            try {
                while (System.nanoTime() < stopAt || !retry.isEmpty()) {
                    while (sent - answered < WINDOW && (!retry.isEmpty() || System.nanoTime() < stopAt)) {
                        int b = retry.isEmpty() ? sent : retry.remove(0);
                        sentAt[b % sentAt.length] = System.nanoTime();
                        stream.send(batch(b));
                        sent++;
                    }
                    WriteAck ack = stream.nextAck(60, TimeUnit.SECONDS);
                    answered++;
                    int b = (int) ack.getBatchId();
                    if (ack.getAccepted()) {
                        ackMicros.add((System.nanoTime() - sentAt[b % sentAt.length]) / 1000);
                        ackedSamples += ack.getSamples();
                        ackedBatches.add(b);
                    } else if (ack.getRejection() == Rejection.BACKLOG_FULL) {
                        refusals.incrementAndGet();
                        retry.add(b);
                        sent--;   // resent under its own number: it does not count twice
                        answered--;
                        Thread.sleep(50);
                    } else {
                        errors.add("writer " + number + " batch " + b + " rejected: " + ack.getReason());
                    }
                }
                stream.finish();
                while (answered < sent) {
                    WriteAck ack = stream.nextAck(60, TimeUnit.SECONDS);
                    if (ack == null) {
                        break;
                    }
                    answered++;
                    if (ack.getAccepted()) {
                        ackedSamples += ack.getSamples();
                        ackedBatches.add((int) ack.getBatchId());
                    } else {
                        errors.add("writer " + number + " late rejection: " + ack.getReason());
                    }
                }
            } catch (Exception e) {
                errors.add("writer " + number + ": " + e);
            }
        }
    }

    private void read(int reader, HistorianGrpc.HistorianBlockingStub stub, long base, long stopAt,
                      Map<String, List<Long>> millis) {
        int round = 0;
        while (System.nanoTime() < stopAt) {
            long now = System.currentTimeMillis() * 1_000_000L;
            String kind = new String[] {"raw", "aggregate", "twa", "plot", "latest"}[(reader + round++) % 5];
            long started = System.nanoTime();
            try {
                HistorianGrpc.HistorianBlockingStub call = stub.withDeadlineAfter(60, TimeUnit.SECONDS);
                switch (kind) {
                    case "raw":
                        Iterator<?> raw = call.readRaw(ReadRawRequest.newBuilder().setSelection(Selection.newBuilder()
                            .addFilters("load/w" + (round % WRITERS) + "/#")).setStartNs(base).setEndNs(now).build());
                        raw.forEachRemaining(m -> { });
                        break;
                    case "aggregate":
                        Iterator<AggregateRows> rows = call.aggregate(AggregateRequest.newBuilder().setSelection(
                            Selection.newBuilder().addFilters("load/+/s0")).setStartNs(base).setEndNs(now)
                            .setBucketNs(1_000_000_000L).build());
                        rows.forEachRemaining(m -> { });
                        break;
                    case "twa":
                        call.aggregate(AggregateRequest.newBuilder().setSelection(Selection.newBuilder()
                            .addFilters("load/+/s1")).setStartNs(base).setEndNs(now).setBucketNs(10_000_000_000L)
                            .setTimeWeightedAverage(true).build()).forEachRemaining(m -> { });
                        break;
                    case "plot":
                        call.plot(PlotRequest.newBuilder().setSelection(Selection.newBuilder()
                            .addFilters("load/w" + (round % WRITERS) + "/#")).setStartNs(base).setEndNs(now)
                            .setPixels(1000).build()).forEachRemaining(m -> { });
                        break;
                    default:
                        call.latest(LatestRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("load/#"))
                            .build());
                        break;
                }
                millis.computeIfAbsent(kind, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add((System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException e) {
                errors.add("reader " + reader + " " + kind + ": " + e.getMessage());
            }
        }
    }

    /** After a restart: per series, the count and the sum of every acknowledged sample. */
    private static void verify(HistorianGrpc.HistorianBlockingStub stub, Writer[] writers, long base) {
        for (Writer writer : writers) {
            for (int k = 0; k < SERIES_PER_WRITER; k++) {
                long count = 0;
                double sum = 0;
                for (int b : writer.ackedBatches) {
                    for (int i = 0; i < PER_SERIES; i++) {
                        count++;
                        sum += value(writer.number, b, k, i);
                    }
                }
                Iterator<AggregateRows> rows = stub.withDeadlineAfter(60, TimeUnit.SECONDS).aggregate(AggregateRequest
                    .newBuilder().setSelection(Selection.newBuilder().addFilters("load/w" + writer.number + "/s" + k))
                    .setStartNs(base).setEndNs(base + (1L << 50)).setBucketNs(1L << 50).build());
                long stored = 0;
                double storedSum = 0;
                while (rows.hasNext()) {
                    for (AggregateRow row : rows.next().getRowsList()) {
                        stored += row.getCount();
                        storedSum += row.getSum();
                    }
                }
                assertEquals(count, stored, "writer " + writer.number + " s" + k + ": acknowledged samples after restart");
                assertEquals(sum, storedSum, Math.abs(sum) * 1e-9 + 1e-6, "writer " + writer.number + " s" + k + " sum");
            }
        }
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
    }
}
