package io.unshistorian.storage.write;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesPath;

/**
 * The checks a batch passes before anything of it is stored: size, timestamp range, string sizes,
 * each sample's type against its existing series, and for paths without a series yet their syntax
 * and one value type per path within the batch. Paths that already have a series skip the syntax
 * check, so a batch of known series costs one map lookup per path change. Reusable; not
 * thread-safe.
 */
public final class BatchValidator {
    private final WriteLimits limits;
    private final Map<String, Integer> firstSampleOfPath = new HashMap<>();

    public BatchValidator(WriteLimits limits) {
        this.limits = limits;
    }

    /**
     * Checks every sample and puts the series of each sample whose path {@code known} finds into
     * {@code series} (null for paths that do not exist yet).
     *
     * @throws BatchRejectedException naming the first bad sample
     */
    public void validate(WriteBatch batch, Function<String, Series> known, Series[] series) {
        if (batch.size() > limits.maxBatchSamples()) {
            throw BatchRejectedException.tooLarge("batch of " + batch.size() + " samples exceeds the limit of "
                + limits.maxBatchSamples() + "; split it");
        }
        firstSampleOfPath.clear();
        String previousPath = null;
        Series current = null;
        for (int i = 0; i < batch.size(); i++) {
            String path = batch.path(i);
            ValueType type = batch.type(i);
            if (path != previousPath) {
                current = path == null ? null : known.apply(path);
                previousPath = path;
            }
            if (current != null) {
                // An existing series: its path is valid and its type is the one to match.
                if (current.type() != type) {
                    throw BatchRejectedException.invalid(i, path, "type mismatch: the series stores " + current.type()
                        + " values, the sample is " + type);
                }
            } else {
                checkNewPath(batch, i, path);
            }
            series[i] = current;
            long t = batch.timestamp(i);
            if (t < WriteLimits.MIN_TIMESTAMP || t >= WriteLimits.MAX_TIMESTAMP) {
                throw BatchRejectedException.invalid(i, path, "timestamp " + t + " ns is outside the supported range "
                    + "[1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)");
            }
            if (type == ValueType.STRING) {
                checkString(batch, i, path);
            }
        }
    }

    /** A path without a series yet: valid syntax, and one type for all its samples in the batch. */
    private void checkNewPath(WriteBatch batch, int index, String path) {
        Integer first = firstSampleOfPath.get(path);
        if (first == null) {
            String problem = SeriesPath.problemWith(path);
            if (problem != null) {
                throw BatchRejectedException.invalid(index, path, "invalid path: " + problem);
            }
            firstSampleOfPath.put(path, index);
        } else if (batch.type(first) != batch.type(index)) {
            throw BatchRejectedException.invalid(index, path, "value type " + batch.type(index) + " differs from "
                + batch.type(first) + " of sample " + first + " of the same path in this batch");
        }
    }

    private void checkString(WriteBatch batch, int index, String path) {
        String text = batch.stringValue(index);
        if (text == null) {
            throw BatchRejectedException.invalid(index, path, "STRING value is null");
        }
        if (text.length() * 3 > limits.maxStringBytes()) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limits.maxStringBytes()) {
                throw BatchRejectedException.invalid(index, path, "string of " + bytes + " bytes exceeds the limit of "
                    + limits.maxStringBytes());
            }
        }
    }
}
