package io.unshistorian.server;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;

import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.WriteBatch;

/**
 * The reference for {@link WriteBatchReader}: the generated parser, then the API's column rules
 * applied to each parsed series, one sample at a time — the plainest reading of historian.proto.
 */
final class ReferenceWriteMapping {
    private ReferenceWriteMapping() {
    }

    /** What a request maps to: null when the bytes are not a valid message. */
    record Mapped(long batchId, String origin, long originSequence, List<String> paths, WriteBatchReader.Rejection rejection) {
    }

    static Mapped map(byte[] bytes, io.unshistorian.storage.write.WriteBatch batch) {
        WriteBatch wire;
        try {
            wire = WriteBatch.parseFrom(bytes);
        } catch (InvalidProtocolBufferException malformed) {
            return null;
        }
        batch.clear();
        List<String> paths = new ArrayList<>();
        WriteBatchReader.Rejection rejection = null;
        for (int s = 0; s < wire.getSeriesCount(); s++) {
            SeriesSamples series = wire.getSeries(s);
            paths.add(series.getPath());
            if (rejection == null) {
                rejection = append(series, s, batch);
            }
        }
        return new Mapped(wire.getBatchId(), wire.getOrigin(), wire.getOriginSequence(), paths, rejection);
    }

    /** Appends one wire series, or says why its columns do not fit together. */
    private static WriteBatchReader.Rejection append(SeriesSamples series, int index,
                                                     io.unshistorian.storage.write.WriteBatch batch) {
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
                return new WriteBatchReader.Rejection(index, series.getPath(), "value type is not set");
        }
        if (values != n) {
            return new WriteBatchReader.Rejection(index, series.getPath(), n + " timestamps but " + values + " "
                + series.getType() + " values");
        }
        if (series.getQualitiesCount() != 0 && series.getQualitiesCount() != n) {
            return new WriteBatchReader.Rejection(index, series.getPath(), n + " timestamps but "
                + series.getQualitiesCount() + " qualities (send none for all Good)");
        }
        for (int i = 0; i < n; i++) {
            long t = series.getTimestampsNs(i);
            int quality = series.getQualitiesCount() != 0 ? series.getQualities(i) : 0;
            switch (series.getType()) {
                case DOUBLE:
                    batch.addDouble(series.getPath(), t, series.getDoubleValues(i), quality);
                    break;
                case LONG:
                    batch.addLong(series.getPath(), t, series.getLongValues(i), quality);
                    break;
                case BOOLEAN:
                    batch.addBoolean(series.getPath(), t, series.getBoolValues(i), quality);
                    break;
                default:
                    batch.addString(series.getPath(), t, series.getStringValues(i), quality);
                    break;
            }
        }
        return null;
    }
}
