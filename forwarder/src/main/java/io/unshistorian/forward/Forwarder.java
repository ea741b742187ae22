package io.unshistorian.forward;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.storage.ChangeFeed;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.TopicFilter;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store-and-forward to a central historian: tails this historian's accepted batches from the WAL
 * (its change feed) after the durable cursor, sends those in the forwarded namespaces through the
 * central's gRPC Write API under their rewritten paths, and moves the cursor only on the central's
 * acknowledgement. The WAL keeps what is not acknowledged yet (up to the backlog cap), so an outage
 * of the central or a crash of either side loses nothing: after it, sending resumes at the cursor.
 * Resends are harmless (the same values at the same timestamps; the central also skips batches of
 * this origin it stored before). One thread; a few batches in flight.
 */
public final class Forwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    /** Batches sent but not yet acknowledged, at most. */
    private static final int WINDOW = 4;
    private static final long ACK_TIMEOUT_SECONDS = 60;
    private static final long IDLE_POLL_MILLIS = 20;
    private static final long SAVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Historian historian;
    private final Channel channel;
    private final String target;
    private final ForwardOptions options;
    private final ForwardState state;
    private final String origin;
    private final List<TopicFilter> filters;
    private final Thread thread;
    /** Central path by edge series id; {@link #EXCLUDED} when the series is not forwarded. */
    private String[] centralPaths = new String[1024];
    private final OutgoingBatch outgoing = new OutgoingBatch();
    private final Backfills backfills;
    /** Series whose block data a back-fill met damaged, since the last gap was listed for it. */
    private final List<String> damagedDuringBackfill = new ArrayList<>();
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private static final String EXCLUDED = "";
    /** A Write's size on the wire, at most (estimated): well inside a server's 16 MiB message limit. */
    private static final long MAX_WRITE_BYTES = 4L << 20;
    /** The part number that ends an edge batch, in an origin sequence. */
    private static final int WHOLE = 0xFFFF;
    /** The first edge batch with samples not yet sent, -1 when none. */
    private long pendingFirst = -1;
    /** The last edge batch whose samples are all in {@link #outgoing} or sent, -1 when nothing is pending. */
    private long pendingThrough = -1;
    /** The edge batch sent in parts lately, and how many were sent. */
    private long splitSequence = -1;
    private int splitParts;

    private volatile long acknowledged;
    private volatile long savedAcknowledged;
    private volatile ForwardState published;
    private volatile Map<String, ForwardState.SeriesLedger> savedLedger = Map.of();
    private volatile String lastError = "";
    private volatile long lastAckMillis;
    private volatile boolean running = true;
    private long nextBatchId;
    private long lastSave = System.nanoTime();
    private boolean dirty;
    private long rateNextNanos;
    /** The wait before the next retry; back to its start once the central acknowledges again. */
    private long backoff = MIN_BACKOFF_MILLIS;

    /**
     * A sent Write awaiting its acknowledgement: it carries samples of edge batches
     * {@code firstSequence..carriesThrough}, and its acknowledgement completes those through
     * {@code lastSequence} (one less than {@code carriesThrough} for a part of a batch).
     */
    private record InFlight(long batchId, long firstSequence, long lastSequence, long carriesThrough, int samples,
                            List<OutgoingBatch.Part> parts) {
    }

    /**
     * Opens the state at {@code stateFile} (made when missing) and asks the historian to keep the WAL
     * from the cursor on; {@link #start()} begins sending.
     *
     * @param target how the central is named in status (HOST:PORT)
     * @throws IOException when the state cannot be read, or belongs to another data directory
     */
    public Forwarder(Historian historian, Channel channel, String target, ForwardOptions options, Path stateFile)
        throws IOException {
        this.historian = historian;
        this.channel = channel;
        this.target = target;
        this.options = options;
        this.state = ForwardState.open(stateFile);
        if (state.acknowledged() > historian.lastSequence()) {
            throw new IOException(stateFile + " says edge batch " + state.acknowledged() + " was forwarded, but this "
                + "data directory's last batch is " + historian.lastSequence() + ": the state belongs to another "
                + "directory, or this one lost its last batches (fsync NONE and a crash, a restore from backup); move "
                + "the state away to forward what the WAL holds under a new incarnation");
        }
        // What is sent under an origin sequence depends on the filters, the rewrite and the Write size
        // too: a change of them is a new origin, so a resend is never mistaken for what was stored.
        this.origin = options.name() + "/" + state.incarnation() + "/" + Integer.toHexString(java.util.Objects.hash(
            options.filters(), options.rewrite(), options.batchSamples()));
        this.filters = options.filters().stream().map(TopicFilter::parse).toList();
        this.acknowledged = state.acknowledged();
        this.savedAcknowledged = state.acknowledged();
        this.published = state.snapshot();
        this.backfills = new Backfills(ForwardRetention.backfillFile(stateFile));
        // The saved cursor, not the one in memory: a WAL file deleted as consumed must stay consumed after a crash.
        historian.retainChanges(() -> savedAcknowledged, options.maxBacklogBytes(), backfills::record);
        state.save();
        this.thread = new Thread(this::run, "uns-historian-forwarder");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Where forwarding stands now. */
    public ForwardStatus status() {
        ForwardState now = published;
        return new ForwardStatus(target, origin, historian.lastSequence(), now.acknowledged(), now.samples(),
            now.gaps(), now.backfilled(), lastError, lastAckMillis);
    }

    /** The ledger as last saved (at most a second old): per edge path, what the central acknowledged. */
    public Map<String, ForwardState.SeriesLedger> ledger() {
        return savedLedger;
    }

    private void run() {
        while (running) {
            try {
                forwardUntilFailure();
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                String why = e.getMessage() == null ? e.toString() : e.getMessage();
                lastError = java.time.Instant.now() + " sending to " + target + ": " + why;
                LOG.warn("forwarding to {} stopped ({}); resuming after edge batch {} in {} ms", target, why,
                    acknowledged, backoff);
                sleep(backoff);
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);   // until the next acknowledgement
                if (channel instanceof ManagedChannel managed) {
                    // The channel keeps its own reconnect back-off, which grows to about two minutes during a
                    // long outage while every call in between fails at once: without this the central
                    // could be back for up to two minutes before the forwarder's retries reach it.
                    managed.resetConnectBackoff();
                }
                continue;
            }
        }
        saveQuietly();
    }

    /**
     * Waits up to the connect timeout for the channel to the central to be ready. A new feed reads
     * the WAL from the cursor again, up to the whole backlog of an outage: not once per retry while
     * the central is away.
     */
    private void awaitConnection() throws IOException, InterruptedException {
        if (!(channel instanceof ManagedChannel managed)) {
            return;
        }
        long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
        while (managed.getState(true) != io.grpc.ConnectivityState.READY) {
            if (!running) {
                throw new InterruptedException("closing");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the central is unreachable (" + managed.getState(false) + ")");
            }
            Thread.sleep(20);
        }
    }

    /** One Write call and one feed from the cursor, until either fails or the forwarder closes. */
    private void forwardUntilFailure() throws Exception {
        awaitConnection();
        inFlight.clear();
        outgoing.clear();
        pendingFirst = -1;
        pendingThrough = -1;
        splitSequence = -1;
        WriteStream stream = WriteStream.open(channel);
        try (ChangeFeed feed = historian.changesAfter(state.acknowledged())) {
            long[] expected = {state.acknowledged() + 1};
            while (running) {
                long delivered = feed.poll((sequence, batch) -> {
                    if (sequence > expected[0]) {
                        lose(stream, expected[0], sequence - 1);
                    }
                    expected[0] = sequence + 1;
                    add(stream, sequence, batch);
                });
                send(stream);
                if (!inFlight.isEmpty()) {
                    awaitAck(stream, delivered == 0 ? ACK_TIMEOUT_SECONDS : 0);
                }
                maybeSave();
                if (delivered == 0 && inFlight.isEmpty()) {
                    lastError = "";
                    Thread.sleep(IDLE_POLL_MILLIS);
                }
            }
            while (!inFlight.isEmpty()) {   // closing: take the acknowledgements still coming
                awaitAck(stream, 5);
            }
            stream.finish();
        } catch (Exception e) {
            stream.cancel("the forwarder stops this call: " + e.getMessage());
            throw e;
        }
    }

    private void add(WriteStream stream, long sequence, ChangeFeed.Batch batch) throws IOException {
        try {
            // Where a Write is cut inside an edge batch must depend on that batch alone, so that a
            // resend after a reconnect cuts it the same way and its origin sequences name the same
            // samples: a batch that does not fit behind what is pending starts a Write of its own.
            if (!outgoing.isEmpty() && !fitsBehindPending(batch)) {
                send(stream);
            }
            if (pendingFirst < 0) {
                pendingFirst = sequence;
            }
            int unreadable = 0;
            for (int i = 0; i < batch.size(); i++) {
                Series series = batch.series(i);
                if (series == null || series.type() == io.unshistorian.compression.chunk.ValueType.STRING
                    && batch.text(i) == null) {
                    unreadable++;   // the catalog lost the series, or the record its text (reported on open)
                    continue;
                }
                String central = centralPath(series);
                if (central.isEmpty()) {
                    continue;
                }
                if (outgoing.samples() >= options.batchSamples() || outgoing.bytes() >= MAX_WRITE_BYTES) {
                    sendPart(stream, sequence);
                }
                outgoing.add(series, central, batch, i);
            }
            if (unreadable > 0) {
                state.lost(sequence, sequence, unreadable + " samples of this edge batch could not be read (a series "
                    + "the catalog lost, or a text the record lacks; historian verify on the edge)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        pendingThrough = sequence;
    }

    /**
     * Whether the batch's forwarded samples fit in the outgoing Write without reaching its caps; the
     * byte count errs high, so when it says yes, adding the batch cuts nothing.
     */
    private boolean fitsBehindPending(ChangeFeed.Batch batch) {
        long samples = outgoing.samples();
        long bytes = outgoing.bytes();
        for (int i = 0; i < batch.size(); i++) {
            Series series = batch.series(i);
            String central = series == null || batch.text(i) == null && series.type()
                == io.unshistorian.compression.chunk.ValueType.STRING ? EXCLUDED : centralPath(series);
            if (central.isEmpty()) {
                continue;
            }
            samples++;
            bytes += OutgoingBatch.maxSampleBytes(central, batch.text(i));
            if (samples > options.batchSamples() || bytes > MAX_WRITE_BYTES) {
                return false;
            }
        }
        return true;
    }

    /** The central path of an edge series, or {@link #EXCLUDED} when its path is not forwarded. */
    private String centralPath(Series series) {
        int id = series.id();
        if (id >= centralPaths.length) {
            centralPaths = java.util.Arrays.copyOf(centralPaths, Math.max(id + 1, centralPaths.length * 2));
        }
        String central = centralPaths[id];
        if (central == null) {
            central = forwarded(series.path()) ? options.rewrite().apply(series.path()) : EXCLUDED;
            centralPaths[id] = central;
        }
        return central;
    }

    private boolean forwarded(String path) {
        for (TopicFilter filter : filters) {
            if (filter.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends what is pending: every edge batch through {@link #pendingThrough}, whole. When it carries
     * no sample (nothing in it is forwarded) the cursor moves with the batches before it instead.
     */
    private void send(WriteStream stream) throws IOException, InterruptedException {
        if (pendingThrough < 0) {
            return;
        }
        long through = pendingThrough;
        if (outgoing.isEmpty()) {
            if (inFlight.isEmpty()) {
                state.acknowledge(through, 0);
                publish();
            } else {
                InFlight last = inFlight.pollLast();
                inFlight.addLast(new InFlight(last.batchId(), last.firstSequence(), through, through, last.samples(),
                    last.parts()));
            }
        } else {
            transmit(stream, originSequence(through, WHOLE), pendingFirst, through, through);
        }
        pendingFirst = -1;
        pendingThrough = -1;
    }

    /**
     * Sends the outgoing samples before edge batch {@code sequence} is complete, because the Write is
     * full: its acknowledgement moves the cursor to the batch before; the rest of this one follows.
     */
    private void sendPart(WriteStream stream, long sequence) throws IOException, InterruptedException {
        if (splitSequence != sequence) {
            splitSequence = sequence;
            splitParts = 0;
        }
        if (splitParts == WHOLE - 1) {
            throw new IOException("edge batch " + sequence + " needs more than " + (WHOLE - 1) + " Write batches");
        }
        transmit(stream, originSequence(sequence, splitParts++), pendingFirst, sequence - 1, sequence);
        pendingFirst = sequence;
    }

    /**
     * The origin sequence of a Write: the edge sequence of its last batch times 65,536, plus the part
     * of that batch it ends with ({@link #WHOLE} when the batch ends in it). Grows with every Write,
     * so the central can tell a resend from the next part.
     */
    private static long originSequence(long edgeSequence, int part) {
        return edgeSequence << 16 | part;
    }

    private void transmit(WriteStream stream, long originSequence, long firstSequence, long ackThrough,
                          long carriesThrough) throws IOException, InterruptedException {
        transmit(stream, origin, originSequence, firstSequence, ackThrough, carriesThrough);
    }

    private void transmit(WriteStream stream, String writeOrigin, long originSequence, long firstSequence,
                          long ackThrough, long carriesThrough) throws IOException, InterruptedException {
        while (inFlight.size() >= WINDOW) {
            awaitAck(stream, ACK_TIMEOUT_SECONDS);
        }
        throttle(outgoing.samples());
        long id = nextBatchId++;
        stream.send(outgoing.build(id, writeOrigin, originSequence));
        inFlight.addLast(new InFlight(id, firstSequence, ackThrough, carriesThrough, outgoing.samples(),
            outgoing.parts()));
        outgoing.clear();
    }

    /** Sleeps until the rate limit allows the next batch, then books {@code samples} against it. */
    private void throttle(int samples) throws InterruptedException {
        long rate = options.maxSamplesPerSecond();
        if (rate == 0) {
            return;
        }
        long now = System.nanoTime();
        rateNextNanos = Math.max(rateNextNanos, now);
        if (rateNextNanos > now) {
            TimeUnit.NANOSECONDS.sleep(rateNextNanos - now);
        }
        rateNextNanos += samples * 1_000_000_000L / rate;
    }

    /** Takes one acknowledgement, waiting up to {@code timeoutSeconds} (0: only if one has arrived). */
    private void awaitAck(WriteStream stream, long timeoutSeconds) throws IOException, InterruptedException {
        WriteAck ack;
        try {
            ack = timeoutSeconds == 0 ? stream.pollAck() : stream.nextAck(timeoutSeconds, TimeUnit.SECONDS);
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (ack == null) {
            if (timeoutSeconds > 0) {
                throw new IOException("the central closed the Write call");
            }
            return;
        }
        InFlight sent = inFlight.pollFirst();
        if (sent == null || sent.batchId() != ack.getBatchId()) {
            throw new IOException("the central acknowledged batch " + ack.getBatchId() + ", expected "
                + (sent == null ? "none" : sent.batchId()));
        }
        if (ack.getAccepted()) {
            state.acknowledge(sent.lastSequence(), ack.getDuplicate() ? 0 : sent.samples());
            if (!ack.getDuplicate()) {
                for (OutgoingBatch.Part part : sent.parts()) {
                    state.acknowledgeSeries(part.edgePath, part.count, part.firstNanos, part.lastNanos);
                }
            }
            lastAckMillis = System.currentTimeMillis();
            backoff = MIN_BACKOFF_MILLIS;
        } else if (ack.getRetryable()) {
            throw new IOException("the central asks to retry later: " + ack.getReason());
        } else {
            String why = "refused by the central: " + ack.getReason() + (ack.getPath().isEmpty() ? ""
                : " (" + ack.getPath() + ")");
            LOG.error("edge batches {}..{} not forwarded, {}", sent.firstSequence(), sent.carriesThrough(), why);
            state.gap(sent.firstSequence(), sent.carriesThrough(), why);
        }
        publish();
    }

    /**
     * Edge batches {@code from..to} are gone from the WAL before they were sent. Those the WAL
     * deleted over the backlog cap are read back from the block files over their time span and sent
     * (every forwarded series, the whole span: resends are harmless); any others are listed as a gap.
     */
    private void lose(WriteStream stream, long from, long to) throws IOException {
        try {
            send(stream);
            drain(stream);
            // One deleted WAL file at a time, saved after each: a reconnect resumes at the next.
            for (Backfills.Span dropped : backfills.covering(from, to)) {
                long through = Math.min(dropped.through(), to);
                long samples = backfill(stream, dropped.minNanos(), dropped.maxNanos(), through);
                drain(stream);
                if (!damagedDuringBackfill.isEmpty()) {
                    state.lost(from, through, "damaged block data of " + damagedDuringBackfill + " could not be read "
                        + "back for the back-fill; the rest was sent (historian verify / repair on the edge)");
                    damagedDuringBackfill.clear();
                }
                state.backfilled(from, through, "deleted from the WAL unsent (backlog cap); " + samples
                    + " samples of " + java.time.Instant.ofEpochSecond(0, dropped.minNanos()) + " .. "
                    + java.time.Instant.ofEpochSecond(0, dropped.maxNanos()) + " sent from the block files");
                LOG.warn("edge batches {}..{} were deleted from the WAL before they were sent: sent {} samples of their "
                    + "time span from the block files", from, through, samples);
                publish();
                save();   // the cursor past the span first: a crash before the next line sends the span again
                backfills.done(through);
                from = through + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (from <= to) {
            String why = "not in the edge WAL any more when the forwarder read it (deleted while no forwarder state "
                + "kept it, quarantined by repair, or damaged)";
            LOG.error("edge batches {}..{} not forwarded: {}", from, to, why);
            state.gap(from, to, why);
        }
        publish();
        saveQuietly();
    }

    private void drain(WriteStream stream) throws IOException, InterruptedException {
        while (!inFlight.isEmpty()) {
            awaitAck(stream, ACK_TIMEOUT_SECONDS);
        }
    }

    /**
     * Sends every forwarded series' samples in {@code [minNanos, maxNanos]} as the storage holds them
     * now, in Writes without an origin (the central stores them whatever it stored before); their
     * acknowledgements move no cursor. Returns the samples sent.
     */
    private long backfill(WriteStream stream, long minNanos, long maxNanos, long carriesThrough)
        throws IOException, InterruptedException {
        long end = maxNanos == Long.MAX_VALUE ? Long.MAX_VALUE : maxNanos + 1;
        long sent = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String filter : options.filters()) {
            for (Series series : historian.find(filter)) {
                if (!seen.add(series.path())) {
                    continue;
                }
                String central = centralPath(series);
                IOException[] failure = {null};
                long[] count = {0};
                try {
                    historian.readRaw(series.path(), minNanos, end, (time, bits, quality, text) -> {
                        if (failure[0] != null) {
                            return;
                        }
                        try {
                            if (outgoing.samples() >= options.batchSamples() || outgoing.bytes() >= MAX_WRITE_BYTES) {
                                transmitBackfill(stream, carriesThrough);
                            }
                        } catch (IOException e) {
                            failure[0] = e;
                            return;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            failure[0] = new IOException("interrupted", e);
                            return;
                        }
                        outgoing.add(series, central, time, bits, quality, text);
                        count[0]++;
                    });
                } catch (DataDamagedException damaged) {
                    // The readable samples went; what the damaged chunks held cannot reach the central.
                    LOG.error("back-filling {}: {}", series.path(), damaged.getMessage());
                    damagedDuringBackfill.add(series.path());
                }
                if (failure[0] != null) {
                    throw failure[0];
                }
                sent += count[0];
            }
        }
        if (!outgoing.isEmpty()) {
            transmitBackfill(stream, carriesThrough);
        }
        return sent;
    }

    /** A back-fill Write: no origin (the central stores it whatever it had); its acknowledgement moves no cursor. */
    private void transmitBackfill(WriteStream stream, long carriesThrough) throws IOException, InterruptedException {
        transmit(stream, "", 0, state.acknowledged() + 1, state.acknowledged(), carriesThrough);
    }


    private void publish() {
        acknowledged = state.acknowledged();
        published = state.snapshot();
        dirty = true;
    }

    private void maybeSave() throws IOException {
        if (dirty && System.nanoTime() - lastSave >= SAVE_INTERVAL_NANOS) {
            save();
        }
    }

    private void save() throws IOException {
        state.save();
        savedAcknowledged = state.acknowledged();
        savedLedger = state.series();
        lastSave = System.nanoTime();
        dirty = false;
    }

    private void saveQuietly() {
        try {
            save();
        } catch (IOException e) {
            LOG.warn("could not save the forwarder state: {}", e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops sending (acknowledgements in flight are awaited briefly) and saves the state. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(15_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The WAL stays retained for the cursor: what is not forwarded yet must outlive this run.
    }
}
