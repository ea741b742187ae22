package io.unshistorian.ingest.mqtt;

/** Turns messages into samples, on the ingest thread (so it may keep state without locks). */
public interface MessageHandler {
    /** Decodes one message; samples go to {@code sink}. A bad message throws and stores nothing. */
    void handle(InboundMessage message, SampleSink sink) throws BadMessageException;

    /** Called on the ingest thread every {@link IngestPipeline#TICK_NANOS} or so, for timers. */
    default void tick(long nowNanos, SampleSink sink) {
    }

    /** The source lost its broker connection (wall clock ms): for state that depends on it. */
    default void connectionLost(long nowMillis, SampleSink sink) {
    }
}
