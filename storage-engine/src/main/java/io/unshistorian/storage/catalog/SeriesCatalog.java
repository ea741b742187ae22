package io.unshistorian.storage.catalog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.file.FileSync;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;

/**
 * Path to series id, value type and metadata, backed by the durable {@link CatalogFile} and
 * indexed by the {@link NamespaceIndex}. Lookups of known paths take no lock; creating series
 * happens for a whole batch at once, under one lock, so two writers never give one path two types.
 */
public final class SeriesCatalog implements AutoCloseable {
    private final CatalogFile file;
    private final Map<String, Series> byPath = new ConcurrentHashMap<>();
    private volatile Series[] byId = new Series[1024];
    private final NamespaceIndex index = new NamespaceIndex();
    private int nextId;

    /** A path of a batch whose series does not exist yet, with the type its first sample gives it. */
    public record NewSeries(String path, ValueType type) {
    }

    private SeriesCatalog(Path path, StorageProblems problems, FileSync sync) throws IOException {
        this.file = CatalogFile.open(path, new CatalogFile.Replay() {
            @Override
            public void seriesCreated(Series series) {
                install(series);
            }

            @Override
            public void metadataSet(int seriesId, SeriesMetadata metadata) {
                Series series = get(seriesId);
                if (series != null) {
                    install(series.withMetadata(metadata));
                }
            }
        }, problems, sync);
    }

    public static SeriesCatalog open(Path path, StorageProblems problems, FileSync sync) throws IOException {
        return new SeriesCatalog(path, problems, sync);
    }

    /** The series at {@code path}, or null. */
    public Series find(String path) {
        return byPath.get(path);
    }

    /** The series with id {@code id}, or null. */
    public Series get(int id) {
        Series[] table = byId;
        return id >= 0 && id < table.length ? table[id] : null;
    }

    /** The id the next new series gets: every id from it on belongs to a series created later. */
    public synchronized int firstFreeId() {
        return nextId;
    }

    /** Number of series. */
    public int size() {
        return byPath.size();
    }

    /**
     * Creates the series of a batch that do not exist yet, durably, and returns all of them by path.
     * All or nothing: when a path was meanwhile created by another writer with another type,
     * nothing is created and the returned {@link Creation} names the conflict.
     */
    public synchronized Creation create(List<NewSeries> wanted) throws IOException {
        for (NewSeries candidate : wanted) {
            Series existing = byPath.get(candidate.path());
            if (existing != null && existing.type() != candidate.type()) {
                return new Creation(Map.of(), existing);
            }
        }
        Map<String, Series> result = new HashMap<>();
        List<Series> created = new ArrayList<>();
        int id = nextId;
        for (NewSeries candidate : wanted) {
            Series existing = byPath.get(candidate.path());
            if (existing == null) {
                existing = result.get(candidate.path());
            }
            if (existing == null) {
                existing = new Series(id++, candidate.path(), candidate.type(), SeriesMetadata.EMPTY);
                created.add(existing);
            }
            result.put(candidate.path(), existing);
        }
        if (!created.isEmpty()) {
            file.appendSeries(created);
            for (Series series : created) {
                install(series);
            }
        }
        return new Creation(result, null);
    }

    /** The series of a {@link #create} call by path, or the existing series whose type conflicted. */
    public record Creation(Map<String, Series> byPath, Series conflict) {
    }

    /**
     * Makes sure no new series gets an id below {@code firstFreeId}: ids that blocks or the WAL
     * still refer to are never handed out again, even when the catalog lost their records.
     */
    public synchronized void reserveIdsBelow(int firstFreeId) {
        nextId = Math.max(nextId, firstFreeId);
    }

    /**
     * Names a series id the catalog lost (its record damaged in both copies) while blocks still hold
     * its samples, durably, so they can be found again.
     *
     * @throws IllegalArgumentException when the id or the path is taken
     */
    public synchronized Series restore(int id, String path, ValueType type) throws IOException {
        if (get(id) != null || byPath.containsKey(path)) {
            throw new IllegalArgumentException("series id " + id + " or path " + path + " is taken");
        }
        Series series = new Series(id, path, type, SeriesMetadata.EMPTY);
        file.appendSeries(List.of(series));
        install(series);
        return series;
    }

    /** Replaces the metadata of a series, durably. */
    public synchronized Series setMetadata(int seriesId, SeriesMetadata metadata) throws IOException {
        Series series = get(seriesId);
        if (series == null) {
            throw new IllegalArgumentException("no series with id " + seriesId);
        }
        file.appendMetadata(seriesId, metadata);
        Series updated = series.withMetadata(metadata);
        install(updated);
        return updated;
    }

    private void install(Series series) {
        Series[] table = byId;
        if (series.id() >= table.length) {
            table = Arrays.copyOf(table, Math.max(series.id() + 1, table.length * 2));
        }
        boolean isNew = table[series.id()] == null;
        table[series.id()] = series;
        byId = table;
        byPath.put(series.path(), series);
        nextId = Math.max(nextId, series.id() + 1);
        if (isNew) {
            index.add(series.id(), series.path());
        }
    }

    public NamespaceIndex index() {
        return index;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
