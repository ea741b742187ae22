package io.unshistorian.server;

import java.util.Arrays;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.query.RawVisitor;
import io.unshistorian.storage.series.Series;

/**
 * Packs a raw read into columnar {@code SampleColumns} messages of at most a given number of
 * samples, one series per message: samples are gathered in column arrays (reused from message to
 * message) and each message is encoded from them in one go ({@link SampleColumnsEncoder}).
 */
final class RawChunker implements RawVisitor {
    private static final int INITIAL_CAPACITY = 1024;

    private final int perMessage;
    private final StreamSender<Object> sender;
    private Series series;
    private int count;
    private long[] timestamps = new long[INITIAL_CAPACITY];
    private long[] valueBits = new long[INITIAL_CAPACITY];
    private int[] qualities = new int[INITIAL_CAPACITY];
    private String[] texts = new String[INITIAL_CAPACITY];

    /** @param sender takes {@link PreEncodedMessage}s: the method's service passed {@link PreEncodedResponses} */
    RawChunker(int perMessage, StreamSender<Object> sender) {
        this.perMessage = perMessage;
        this.sender = sender;
    }

    @Override
    public void sample(Series of, long timestampNanos, long bits, int quality, String text) {
        if (series != null && (of != series || count == perMessage)) {
            flush(null);
        }
        if (count == timestamps.length) {
            grow();
        }
        series = of;
        timestamps[count] = timestampNanos;
        valueBits[count] = bits;
        qualities[count] = quality;
        texts[count] = text;
        count++;
    }

    private void grow() {
        int capacity = (int) Math.min(perMessage, timestamps.length * 2L);
        timestamps = Arrays.copyOf(timestamps, capacity);
        valueBits = Arrays.copyOf(valueBits, capacity);
        qualities = Arrays.copyOf(qualities, capacity);
        texts = Arrays.copyOf(texts, capacity);
    }

    void finish(String nextCursor) {
        if (series != null || nextCursor != null) {
            flush(nextCursor);
        }
    }

    private void flush(String nextCursor) {
        byte[] message = SampleColumnsEncoder.encode(series == null ? null : series.path(),
            series == null ? null : series.type(), count, timestamps, valueBits, qualities, texts, nextCursor);
        if (series != null && series.type() == ValueType.STRING) {
            Arrays.fill(texts, 0, count, null);   // not kept alive by the scratch arrays
        }
        series = null;
        count = 0;
        sender.send(new PreEncodedMessage(message));
    }
}
