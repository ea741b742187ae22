package io.unshistorian.ingest.mqtt;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.storage.write.WritesRefusedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one ingest thread of a source: takes messages in arrival order, has the {@link
 * MessageHandler} decode them into one batch — everything that arrived since the last write, so
 * batches grow with the load and latency stays low when it is light — writes the batch, and only
 * then acknowledges its messages to the broker (at-least-once: a message is acknowledged once its
 * samples are in the write-ahead log; redelivery is harmless, since a repeated sample keeps the last
 * write). A bad message or sample is counted and left out, never stopping the rest; a full backlog
 * or disk is waited out without acknowledging, so the broker keeps what is not stored.
 */
public final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    /** How often the handler's timers run. */
    public static final long TICK_NANOS = 50_000_000L;
    static final int MAX_BATCH_SAMPLES = 100_000;
    private static final int TYPE_CACHE_LIMIT = 1_000_000;
    private static final Object CONNECTION_LOST = new Object();

    private final Historian historian;
    private final MessageHandler handler;
    private final IngestStats stats;
    private final BoundedLog badInput = new BoundedLog(LOG, TimeUnit.SECONDS.toNanos(10));
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final WriteBatch batch = new WriteBatch(4096);
    private final List<Span> spans = new ArrayList<>();
    private final Map<String, ValueType> types = new HashMap<>();
    private final Map<String, SeriesMetadata> metadata = new HashMap<>();
    private final BatchSink sink = new BatchSink();
    private volatile boolean running = true;
    private long lastTick = System.nanoTime();

    /** The samples {@code [from, to)} of the batch that {@code message} produced. */
    private static final class Span {
        final InboundMessage message;
        int from;
        int to;

        Span(InboundMessage message, int from, int to) {
            this.message = message;
            this.from = from;
            this.to = to;
        }
    }

    public IngestPipeline(Historian historian, MessageHandler handler, IngestStats stats, int queueCapacity,
                          String name) {
        this.historian = historian;
        this.handler = handler;
        this.stats = stats;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "uns-historian-ingest-" + name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Queues a message. A QoS 1 or 2 message waits for room (the broker's in-flight window bounds
     * how many can wait); a QoS 0 message that finds no room within a second is dropped and counted
     * ({@link Reason#OVERLOAD}), since blocking the client's thread would only move the queue there.
     *
     * @return false when the message was dropped
     */
    public boolean submit(InboundMessage message) throws InterruptedException {
        if (message.qos() > 0) {
            queue.put(message);
            return true;
        }
        if (queue.offer(message, 1, TimeUnit.SECONDS)) {
            return true;
        }
        stats.countReceived();
        stats.countRejected(Reason.OVERLOAD);
        badInput.warn(Reason.OVERLOAD, message.topic(), "QoS 0 message dropped: the historian is not keeping up");
        return false;
    }

    /** Tells the handler, in order with the messages, that the broker connection was lost. */
    public void connectionLost() {
        try {
            queue.put(CONNECTION_LOST);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public IngestStats stats() {
        return stats;
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            try {
                Object item = queue.poll(TICK_NANOS, TimeUnit.NANOSECONDS);
                while (item != null) {
                    process(item);
                    item = batch.size() < MAX_BATCH_SAMPLES ? queue.poll() : null;
                }
                long now = System.nanoTime();
                if (now - lastTick >= TICK_NANOS) {
                    lastTick = now;
                    handler.tick(now, sink);
                }
                if (!spans.isEmpty() || batch.size() > 0) {
                    flush();
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("ingest thread failed; it goes on", e);
            }
        }
    }

    private void process(Object item) {
        if (item == CONNECTION_LOST) {
            handler.connectionLost(System.currentTimeMillis(), sink);
            return;
        }
        InboundMessage message = (InboundMessage) item;
        stats.countReceived();
        int before = batch.size();
        try {
            handler.handle(message, sink);
        } catch (BadMessageException e) {
            truncate(before);
            reject(e.reason(), message.topic(), e.getMessage());
        } catch (RuntimeException e) {
            // A decoder bug must not end ingest, nor hold back the acknowledgements behind this message.
            truncate(before);
            LOG.error("decoding a message of {} failed; it is counted as malformed", message.topic(), e);
            reject(Reason.MALFORMED, message.topic(), "decoder failure: " + e);
        }
        spans.add(new Span(message, before, batch.size()));
    }

    private void reject(Reason reason, String topic, String detail) {
        stats.countRejected(reason);
        badInput.warn(reason, topic, detail);
    }

    /** Writes the batch, retrying what can be retried, leaving out what cannot; then acknowledges. */
    private void flush() throws InterruptedException {
        long backoff = 50;
        while (batch.size() > 0) {
            try {
                historian.write(batch);
                stats.stored(batch.size());
                break;
            } catch (BatchRejectedException e) {
                if (e.kind().retryable()) {
                    LOG.warn("ingest waits: {} ({} messages not yet acknowledged)", e.getMessage(), spans.size());
                } else if (e.sampleIndex() >= 0) {
                    leaveOut(e);
                    continue;
                } else {
                    writeOneByOne();
                    break;
                }
            } catch (WritesRefusedException e) {
                LOG.error("ingest waits: {} (nothing is acknowledged to the broker meanwhile)", e.getMessage());
            } catch (IOException e) {
                LOG.error("ingest waits: writing failed ({}); retrying", e.toString());
            }
            if (!running) {
                return;   // closing: what is not stored stays unacknowledged, and the broker keeps it
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 2_000);
        }
        applyMetadata();
        for (Span span : spans) {
            span.message.acknowledgement().run();
        }
        stats.acknowledged(spans.size());
        spans.clear();
        batch.clear();
    }

    /** Metadata changes of the batch, now that its series exist; a failure is logged, never fatal. */
    private void applyMetadata() {
        for (Map.Entry<String, SeriesMetadata> change : metadata.entrySet()) {
            try {
                Series series = historian.series(change.getKey()).orElse(null);
                if (series != null && !series.metadata().equals(change.getValue())) {
                    historian.setMetadata(change.getKey(), change.getValue());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("metadata of {} not stored: {}", change.getKey(), e.toString());
            }
        }
        metadata.clear();
    }

    /** Takes out the samples of the message whose sample the historian refused, and counts why. */
    private void leaveOut(BatchRejectedException e) {
        for (Span span : spans) {
            if (e.sampleIndex() >= span.from && e.sampleIndex() < span.to) {
                int removed = span.to - span.from;
                for (int i = span.to - 1; i >= span.from; i--) {
                    batch.remove(i);
                }
                for (Span later : spans) {
                    if (later.from >= span.to) {
                        later.from -= removed;
                        later.to -= removed;
                    }
                }
                span.to = span.from;
                types.remove(e.path());
                boolean typeChange = e.reason() != null && e.reason().contains("type");
                reject(typeChange ? Reason.TYPE_CHANGE : Reason.INVALID_SAMPLE, span.message.topic(), e.getMessage());
                return;
            }
        }
        throw new IllegalStateException("rejected sample " + e.sampleIndex() + " belongs to no message", e);
    }

    /** A batch refused as a whole (too large): each message on its own. */
    private void writeOneByOne() throws InterruptedException {
        WriteBatch one = new WriteBatch();
        for (Span span : spans) {
            one.clear();
            for (int i = span.from; i < span.to; i++) {
                copy(batch, i, one);
            }
            try {
                if (one.size() > 0) {
                    historian.write(one);
                    stats.stored(one.size());
                }
            } catch (BatchRejectedException | IOException e) {
                reject(Reason.INVALID_SAMPLE, span.message.topic(), e.getMessage());
            }
        }
    }

    private static void copy(WriteBatch from, int index, WriteBatch to) {
        String path = from.path(index);
        long t = from.timestamp(index);
        int q = from.quality(index);
        switch (from.type(index)) {
            case DOUBLE:
                to.addDouble(path, t, Double.longBitsToDouble(from.valueBits(index)), q);
                break;
            case LONG:
                to.addLong(path, t, from.valueBits(index), q);
                break;
            case BOOLEAN:
                to.addBoolean(path, t, from.valueBits(index) != 0, q);
                break;
            default:
                to.addString(path, t, from.stringValue(index), q);
        }
    }

    private void truncate(int size) {
        while (batch.size() > size) {
            batch.remove(batch.size() - 1);
        }
    }

    /** Adds to the batch, remembering each new path's type so later values of the batch match it. */
    private final class BatchSink implements SampleSink {
        @Override
        public void doubleSample(String path, long timestampNanos, double value, int quality) {
            batch.addDouble(path, timestampNanos, value, quality);
            remember(path, ValueType.DOUBLE);
        }

        @Override
        public void longSample(String path, long timestampNanos, long value, int quality) {
            batch.addLong(path, timestampNanos, value, quality);
            remember(path, ValueType.LONG);
        }

        @Override
        public void booleanSample(String path, long timestampNanos, boolean value, int quality) {
            batch.addBoolean(path, timestampNanos, value, quality);
            remember(path, ValueType.BOOLEAN);
        }

        @Override
        public void stringSample(String path, long timestampNanos, String value, int quality) {
            batch.addString(path, timestampNanos, value, quality);
            remember(path, ValueType.STRING);
        }

        private void remember(String path, ValueType type) {
            if (types.size() >= TYPE_CACHE_LIMIT) {
                types.clear();
            }
            types.putIfAbsent(path, type);
        }

        @Override
        public void metadata(String path, SeriesMetadata value) {
            metadata.put(path, value);
        }

        @Override
        public void rejected(Reason reason, String topic, String detail) {
            reject(reason, topic, detail);
        }

        @Override
        public ValueType typeOf(String path) {
            ValueType known = types.get(path);
            if (known == null) {
                known = historian.series(path).map(Series::type).orElse(null);
                if (known != null) {
                    types.put(path, known);
                }
            }
            return known;
        }
    }

    /** Stops after writing and acknowledging what is queued (bounded by a timeout). */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
