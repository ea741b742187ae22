package io.unshistorian.server;

import java.util.Arrays;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.query.RawRunVisitor;
import io.unshistorian.storage.series.Series;

/**
 * Packs a raw read into columnar {@code SampleColumns} messages of at most a given number of
 * samples, one series per message: samples are gathered in column arrays (reused from message to
 * message; runs of decoded chunks copied in bulk) and each message is encoded from them in one go
 * ({@link SampleColumnsEncoder}).
 */
final class RawChunker implements RawRunVisitor {
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

    /** A run of decoded samples: copied a message's worth at a time. */
    @Override
    public void samples(Series of, SampleColumns columns, int from, int to) {
        if (series != null && of != series) {
            flush(null);
        }
        boolean strings = of.type() == ValueType.STRING;
        long[] qualityColumn = columns.qualities();
        for (int at = from; at < to; ) {
            if (count == perMessage) {
                flush(null);
            }
            while (count == timestamps.length) {
                grow();
            }
            series = of;
            int n = Math.min(to - at, timestamps.length - count);
            System.arraycopy(columns.timestamps(), at, timestamps, count, n);
            System.arraycopy(columns.values(), at, valueBits, count, n);
            for (int k = 0; k < n; k++) {
                qualities[count + k] = (int) qualityColumn[at + k];
                if (strings) {
                    texts[count + k] = columns.stringValue(at + k);
                }
            }
            count += n;
            at += n;
        }
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
