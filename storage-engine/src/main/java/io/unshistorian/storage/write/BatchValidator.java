package io.unshistorian.storage.write;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.series.SeriesPath;

/**
 * The checks a batch passes before anything of it is stored: size, path syntax, timestamp range,
 * string sizes, and one value type per path within the batch. Types against existing series are
 * checked by the engine, atomically with series creation. Reusable; not thread-safe.
 */
public final class BatchValidator {
    private final WriteLimits limits;
    private final Map<String, Integer> firstSampleOfPath = new HashMap<>();

    public BatchValidator(WriteLimits limits) {
        this.limits = limits;
    }

    /** @throws BatchRejectedException naming the first bad sample */
    public void validate(WriteBatch batch) {
        if (batch.size() > limits.maxBatchSamples()) {
            throw new BatchRejectedException(-1, null, "batch of " + batch.size() + " samples exceeds the limit of "
                + limits.maxBatchSamples() + "; split it");
        }
        firstSampleOfPath.clear();
        String previousPath = null;
        ValueType previousType = null;
        for (int i = 0; i < batch.size(); i++) {
            String path = batch.path(i);
            ValueType type = batch.type(i);
            if (path != previousPath || type != previousType) {
                checkPath(batch, i, path);
                previousPath = path;
                previousType = type;
            }
            long t = batch.timestamp(i);
            if (t < WriteLimits.MIN_TIMESTAMP || t >= WriteLimits.MAX_TIMESTAMP) {
                throw new BatchRejectedException(i, path, "timestamp " + t + " ns is outside the supported range "
                    + "[1900-01-01T00:00:00Z, 2200-01-01T00:00:00Z)");
            }
            if (type == ValueType.STRING) {
                checkString(batch, i, path);
            }
        }
    }

    private void checkPath(WriteBatch batch, int index, String path) {
        Integer first = firstSampleOfPath.get(path);
        if (first == null) {
            String problem = SeriesPath.problemWith(path);
            if (problem != null) {
                throw new BatchRejectedException(index, path, "invalid path: " + problem);
            }
            firstSampleOfPath.put(path, index);
        } else if (batch.type(first) != batch.type(index)) {
            throw new BatchRejectedException(index, path, "value type " + batch.type(index) + " differs from "
                + batch.type(first) + " of sample " + first + " of the same path in this batch");
        }
    }

    private void checkString(WriteBatch batch, int index, String path) {
        String text = batch.stringValue(index);
        if (text == null) {
            throw new BatchRejectedException(index, path, "STRING value is null");
        }
        if (text.length() * 3 > limits.maxStringBytes()) {
            int bytes = text.getBytes(StandardCharsets.UTF_8).length;
            if (bytes > limits.maxStringBytes()) {
                throw new BatchRejectedException(index, path, "string of " + bytes + " bytes exceeds the limit of "
                    + limits.maxStringBytes());
            }
        }
    }
}
