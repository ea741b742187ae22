package io.unshistorian.server;

import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRow;
import io.unshistorian.grpc.v1.PlotPoint;
import io.unshistorian.grpc.v1.QualityPeriod;
import io.unshistorian.grpc.v1.SeriesInfo;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.query.QualityMode;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.series.Series;

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

    /** The query of an Aggregate or AggregateUnary request. */
    static io.unshistorian.query.AggregateRequest aggregate(AggregateRequest request) {
        return new io.unshistorian.query.AggregateRequest(request.getStartNs(), request.getEndNs(),
            request.getBucketNs(), request.getOriginNs(), quality(request.getQuality()), request.getStddev(),
            request.getTimeWeightedAverage(), fill(request.getFill()));
    }

    /** One bucket's aggregates on the wire. */
    static AggregateRow row(io.unshistorian.query.AggregateRow row) {
        return AggregateRow.newBuilder().setPath(row.path()).setBucketStartNs(row.bucketStart())
            .setCount(row.count()).setExcluded(row.excluded()).setSum(row.sum()).setMin(row.min())
            .setMax(row.max()).setAvg(row.avg()).setFirstNs(row.firstTime()).setFirst(row.first())
            .setLastNs(row.lastTime()).setLast(row.last()).setStddev(row.stddev())
            .setTimeWeightedAverage(row.timeWeightedAverage()).build();
    }

    /** One pixel column's M4 values on the wire. */
    static PlotPoint point(io.unshistorian.query.PlotPoint point) {
        return PlotPoint.newBuilder().setPath(point.path()).setPixel(point.pixel())
            .setPixelStartNs(point.pixelStart()).setPixelEndNs(point.pixelEnd())
            .setFirstNs(point.firstTime()).setFirst(point.first()).setLastNs(point.lastTime())
            .setLast(point.last()).setMinNs(point.minTime()).setMin(point.min())
            .setMaxNs(point.maxTime()).setMax(point.max()).setCount(point.count()).build();
    }

    /** One period of a series' value not being Good, on the wire. */
    static QualityPeriod period(io.unshistorian.query.QualityPeriod period) {
        return QualityPeriod.newBuilder().setPath(period.path()).setStartNs(period.start())
            .setEndNs(period.end()).setQuality(period.quality()).build();
    }

    /** Adds one value of a series of {@code type} to the matching column of {@code samples}. */
    static void addValue(SeriesSamples.Builder samples, ValueType type, long valueBits,
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
}
