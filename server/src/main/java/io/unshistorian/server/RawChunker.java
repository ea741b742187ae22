package io.unshistorian.server;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.query.RawVisitor;
import io.unshistorian.storage.series.Series;

/** Packs a raw read into columnar messages of at most a given number of samples. */
final class RawChunker implements RawVisitor {
    private final int perMessage;
    private final StreamSender<SampleColumns> sender;
    private SeriesSamples.Builder current;
    private Series currentSeries;

    RawChunker(int perMessage, StreamSender<SampleColumns> sender) {
        this.perMessage = perMessage;
        this.sender = sender;
    }

    @Override
    public void sample(Series series, long timestampNanos, long valueBits, int quality, String text) {
        if (current != null && (series != currentSeries || current.getTimestampsNsCount() == perMessage)) {
            flush(null);
        }
        if (current == null) {
            current = SeriesSamples.newBuilder().setPath(series.path()).setType(ProtoMapping.type(series.type()));
            currentSeries = series;
        }
        current.addTimestampsNs(timestampNanos).addQualities(quality);
        addValue(current, series.type(), valueBits, text);
    }

    static void addValue(SeriesSamples.Builder samples, ValueType type, long valueBits, String text) {
        switch (type) {
            case DOUBLE:
                samples.addDoubleValues(Double.longBitsToDouble(valueBits));
                break;
            case LONG:
                samples.addLongValues(valueBits);
                break;
            case BOOLEAN:
                samples.addBoolValues(valueBits != 0);
                break;
            default:
                samples.addStringValues(text);
                break;
        }
    }

    void finish(String nextCursor) {
        if (current != null || nextCursor != null) {
            flush(nextCursor);
        }
    }

    private void flush(String nextCursor) {
        SampleColumns.Builder message = SampleColumns.newBuilder();
        if (current != null) {
            message.setSamples(current);
        }
        if (nextCursor != null) {
            message.setNextCursor(nextCursor);
        }
        sender.send(message.build());
        current = null;
        currentSeries = null;
    }
}
