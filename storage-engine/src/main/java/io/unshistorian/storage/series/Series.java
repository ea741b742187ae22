package io.unshistorian.storage.series;

import io.unshistorian.compression.chunk.ValueType;

/**
 * A series known to the catalog: its permanent id, path, value type (fixed at first write) and
 * metadata. Immutable; metadata changes produce a new instance.
 */
public record Series(int id, String path, ValueType type, SeriesMetadata metadata) {
    public Series withMetadata(SeriesMetadata newMetadata) {
        return new Series(id, path, type, newMetadata);
    }
}
