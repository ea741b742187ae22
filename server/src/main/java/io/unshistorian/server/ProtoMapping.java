package io.unshistorian.server;

import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.SeriesInfo;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.query.QualityMode;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;

/** Conversions between the wire messages and the embedded API. */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static Selection selection(io.unshistorian.grpc.v1.Selection wire) {
        if (wire.getFiltersCount() == 0) {
            throw new IllegalArgumentException("selection has no path or filter");
        }
        Selection selection = Selection.of(wire.getFiltersList().toArray(new String[0]));
        for (Map.Entry<String, String> tag : wire.getTagsMap().entrySet()) {
            selection = selection.withTag(tag.getKey(), tag.getValue());
        }
        return selection;
    }

    static io.unshistorian.query.InterpolationRequest.Fill fill(io.unshistorian.grpc.v1.InterpolateRequest.Fill wire) {
        switch (wire) {
            case NULL:
                return io.unshistorian.query.InterpolationRequest.Fill.NULL;
            case FILL_PREVIOUS:
                return io.unshistorian.query.InterpolationRequest.Fill.PREVIOUS;
            case FILL_LINEAR:
                return io.unshistorian.query.InterpolationRequest.Fill.LINEAR;
            default:
                return io.unshistorian.query.InterpolationRequest.Fill.OMIT;
        }
    }

    static QualityMode quality(io.unshistorian.grpc.v1.QualityMode wire) {
        return wire == io.unshistorian.grpc.v1.QualityMode.ALL ? QualityMode.ALL : QualityMode.GOOD_ONLY;
    }

    /** Adds one value of a series of {@code type} to the matching column of {@code samples}. */
    static void addValue(io.unshistorian.grpc.v1.SeriesSamples.Builder samples, ValueType type, long valueBits,
                         String text) {
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

    static io.unshistorian.grpc.v1.ValueType type(ValueType type) {
        switch (type) {
            case DOUBLE:
                return io.unshistorian.grpc.v1.ValueType.DOUBLE;
            case LONG:
                return io.unshistorian.grpc.v1.ValueType.LONG;
            case BOOLEAN:
                return io.unshistorian.grpc.v1.ValueType.BOOLEAN;
            default:
                return io.unshistorian.grpc.v1.ValueType.STRING;
        }
    }

    static SeriesInfo info(Series series) {
        return SeriesInfo.newBuilder().setPath(series.path()).setType(type(series.type()))
            .setUnit(series.metadata().unit()).setDescription(series.metadata().description())
            .setRangeLow(series.metadata().rangeLow()).setRangeHigh(series.metadata().rangeHigh())
            .putAllTags(series.metadata().tags()).build();
    }

    /**
     * Appends the samples of one wire series to a batch; returns the samples added.
     *
     * @throws WireRejection when the columns do not fit together (naming the sample)
     */
    static int append(SeriesSamples series, int seriesIndex, WriteBatch batch) {
        int n = series.getTimestampsNsCount();
        int values;
        switch (series.getType()) {
            case DOUBLE:
                values = series.getDoubleValuesCount();
                break;
            case LONG:
                values = series.getLongValuesCount();
                break;
            case BOOLEAN:
                values = series.getBoolValuesCount();
                break;
            case STRING:
                values = series.getStringValuesCount();
                break;
            default:
                throw new WireRejection(seriesIndex, -1, series.getPath(), "value type is not set");
        }
        if (values != n) {
            throw new WireRejection(seriesIndex, -1, series.getPath(), n + " timestamps but " + values + " "
                + series.getType() + " values");
        }
        if (series.getQualitiesCount() != 0 && series.getQualitiesCount() != n) {
            throw new WireRejection(seriesIndex, -1, series.getPath(), n + " timestamps but "
                + series.getQualitiesCount() + " qualities (send none for all Good)");
        }
        String path = series.getPath();
        boolean qualities = series.getQualitiesCount() != 0;
        for (int i = 0; i < n; i++) {
            long t = series.getTimestampsNs(i);
            int quality = qualities ? series.getQualities(i) : 0;
            switch (series.getType()) {
                case DOUBLE:
                    batch.addDouble(path, t, series.getDoubleValues(i), quality);
                    break;
                case LONG:
                    batch.addLong(path, t, series.getLongValues(i), quality);
                    break;
                case BOOLEAN:
                    batch.addBoolean(path, t, series.getBoolValues(i), quality);
                    break;
                default:
                    batch.addString(path, t, series.getStringValues(i), quality);
                    break;
            }
        }
        return n;
    }

    /** A wire batch whose columns do not fit together. */
    static final class WireRejection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int seriesIndex;
        final int sampleIndex;
        final String path;

        WireRejection(int seriesIndex, int sampleIndex, String path, String reason) {
            super(reason);
            this.seriesIndex = seriesIndex;
            this.sampleIndex = sampleIndex;
            this.path = path;
        }
    }
}
