package io.unshistorian.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.embedded.Historian;
import io.unshistorian.query.AggregateRequest;
import io.unshistorian.query.AggregateRow;
import io.unshistorian.query.InterpolationRequest;
import io.unshistorian.query.QualityMode;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.read.DamagedRange;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.series.Series;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns an {@link ExportQuery} into Arrow record batches of at most {@code batchRows} rows, pushed
 * one at a time to a {@link BatchSink} (an IPC file or stream writer, or a Flight stream), so memory
 * stays bounded whatever the export's size.
 *
 * <p>Long layout: one row per sample (or bucket, point, pixel) with {@code path} dictionary-encoded
 * (the dictionary holds the selected paths), times as {@code timestamp[ns, UTC]}, and typed value
 * columns. Wide layout: a {@code time} column and one float64 column per series (named by its path)
 * on the regular grid of the aggregate or interpolation; missing values are null.
 */
public final class ArrowExporter implements AutoCloseable {
    /** Receives each filled batch; the root is reused for the next one after the call returns. */
    @FunctionalInterface
    public interface BatchSink {
        void batch(VectorSchemaRoot root) throws Exception;
    }

    private static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC");
    private static final ArrowType FLOAT64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
    private static final ArrowType INT64 = new ArrowType.Int(64, true);
    private static final ArrowType UINT32 = new ArrowType.Int(32, false);

    private final Historian historian;
    private final ExportQuery query;
    private int batchRows;
    private final List<Series> series;
    private final DictionaryProvider.MapDictionaryProvider dictionaries = new DictionaryProvider.MapDictionaryProvider();
    private final VarCharVector pathDictionary;
    private final VectorSchemaRoot root;
    /** Index of each selected path in the path dictionary. */
    private final Map<String, Integer> pathIndexes = new HashMap<>();
    /** The long raw layout's row writer; null for the other layouts and kinds. */
    private final RawRows raw;
    private BatchSink sink;
    private int rows;
    private long totalRows;
    /** Damage met by the export's reads: it goes on, and says so once at the end. */
    private final List<DamagedRange> damage = new ArrayList<>();
    private long damageCount;
    private static final int MAX_DAMAGE_KEPT = 100;

    /** Most series the wide layout exports side by side: each is a column of every record batch. */
    public static final int MAX_WIDE_SERIES = 10_000;
    private final Selection selection;
    /** Largest record batch of the wide layout: its rows shrink as its columns grow. */
    static final long MAX_WINDOW_BYTES = 64L << 20;

    public ArrowExporter(Historian historian, ExportQuery query, BufferAllocator allocator, int batchRows) {
        this(historian, query, allocator, batchRows, UnaryOperator.identity());
    }

    /**
     * @param readable narrows the query's selection to what its caller may read (a remote caller's
     *                 grants), or refuses it
     */
    public ArrowExporter(Historian historian, ExportQuery query, BufferAllocator allocator, int batchRows,
                         UnaryOperator<Selection> readable) {
        this.historian = historian;
        this.query = query;
        this.batchRows = batchRows;
        this.selection = readable.apply(Selection.of(query.filters().toArray(new String[0])));
        this.series = historian.query().select(selection);
        if (query.layout().equals("wide") && series.size() > MAX_WIDE_SERIES) {
            throw new IllegalArgumentException("the wide layout makes a column per series, and this selection has "
                + series.size() + " series (at most " + MAX_WIDE_SERIES + "): narrow it, or use the long layout");
        }
        long windowBytes = (long) batchRows * (series.size() + 1) * Long.BYTES;
        if (query.layout().equals("wide") && windowBytes > MAX_WINDOW_BYTES) {
            this.batchRows = (int) Math.max(1, MAX_WINDOW_BYTES / ((series.size() + 1) * (long) Long.BYTES));
        }
        DictionaryEncoding encoding = new DictionaryEncoding(0, false, new ArrowType.Int(32, true));
        this.pathDictionary = new VarCharVector("paths", allocator);
        pathDictionary.allocateNew(series.size());
        for (int i = 0; i < series.size(); i++) {
            pathDictionary.setSafe(i, series.get(i).path().getBytes(StandardCharsets.UTF_8));
            pathIndexes.put(series.get(i).path(), i);
        }
        pathDictionary.setValueCount(series.size());
        dictionaries.put(new Dictionary(pathDictionary, encoding));
        this.root = VectorSchemaRoot.create(schema(query, series, encoding), allocator);
        if (!query.layout().equals("wide")) {
            // Whole batches from the start: setSafe would otherwise grow (and copy) every vector several times.
            for (FieldVector vector : root.getFieldVectors()) {
                vector.setInitialCapacity(this.batchRows);
            }
        }
        this.raw = query.kind().equals("raw") && !query.layout().equals("wide")
            ? new RawRows(root, this.batchRows, this::flushFullRawBatch) : null;
    }

    static Schema schema(ExportQuery query, List<Series> series, DictionaryEncoding encoding) {
        List<Field> fields = new ArrayList<>();
        if (query.layout().equals("wide")) {
            fields.add(field("time", TIMESTAMP, false));
            for (Series one : series) {
                fields.add(field(one.path(), FLOAT64, true));
            }
            return new Schema(fields);
        }
        fields.add(new Field("path", new FieldType(false, new ArrowType.Int(32, true), encoding), null));
        switch (query.kind()) {
            case "raw":
                fields.add(field("timestamp", TIMESTAMP, false));
                Set<ValueType> types = EnumSet.noneOf(ValueType.class);
                for (Series one : series) {
                    types.add(one.type());
                }
                // Only the value columns the selection's types need, always in this order.
                addIf(fields, types, ValueType.DOUBLE, FLOAT64);
                addIf(fields, types, ValueType.LONG, INT64);
                addIf(fields, types, ValueType.BOOLEAN, ArrowType.Bool.INSTANCE);
                addIf(fields, types, ValueType.STRING, ArrowType.Utf8.INSTANCE);
                fields.add(field("quality", UINT32, false));
                break;
            case "aggregate":
                fields.add(field("bucket", TIMESTAMP, false));
                fields.add(field("count", INT64, false));
                fields.add(field("excluded", INT64, false));
                for (String name : new String[] {"sum", "min", "max", "avg", "first", "last", "stddev", "twa"}) {
                    fields.add(field(name, FLOAT64, true));
                }
                break;
            case "interpolate":
                fields.add(field("time", TIMESTAMP, false));
                fields.add(field("value", FLOAT64, true));
                fields.add(field("bucket_has_data", ArrowType.Bool.INSTANCE, false));
                break;
            default:
                fields.add(field("pixel_start", TIMESTAMP, false));
                for (String name : new String[] {"first", "last", "min", "max"}) {
                    fields.add(field(name + "_time", TIMESTAMP, false));
                    fields.add(field(name, FLOAT64, false));
                }
                fields.add(field("count", INT64, false));
                break;
        }
        return new Schema(fields);
    }

    private static void addIf(List<Field> fields, Set<ValueType> types, ValueType type, ArrowType arrowType) {
        if (types.contains(type)) {
            fields.add(field(RawRows.valueColumn(type), arrowType, true));
        }
    }

    private static Field field(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    public VectorSchemaRoot root() {
        return root;
    }

    public DictionaryProvider dictionaries() {
        return dictionaries;
    }

    public Schema schema() {
        return root.getSchema();
    }

    /** Runs the export, handing every full (and the last partial) batch to {@code sink}; returns rows. */
    public long run(BatchSink sink) throws Exception {
        this.sink = sink;
        allocate();
        if (query.layout().equals("wide")) {
            runWide(sink);
        } else {
            runLong(sink);
        }
        flush(sink);
        if (damageCount > 0) {
            throw new DataDamagedException(damage, damageCount, null);   // after everything readable went out
        }
        return totalRows;
    }

    /** Runs one read of the export; damage it met is remembered and the export goes on. */
    private void tolerating(Runnable read) {
        try {
            read.run();
        } catch (DataDamagedException e) {
            damageCount += e.count();
            for (DamagedRange range : e.ranges()) {
                if (damage.size() < MAX_DAMAGE_KEPT) {
                    damage.add(range);
                }
            }
        }
    }

    private void allocate() {
        root.allocateNew();
        rows = 0;
        if (raw != null) {
            raw.startBatch();
        }
    }

    /** The raw row writer filled its batch: send it on; the writer starts on the fresh one. */
    private void flushFullRawBatch() {
        rows = raw.finishBatch();
        flushUnchecked();
    }

    private void flush(BatchSink sink) throws Exception {
        if (rows == 0) {
            return;
        }
        root.setRowCount(rows);
        sink.batch(root);
        totalRows += rows;
        root.clear();
        allocate();
    }

    private void row(BatchSink sink) {
        rows++;
        if (rows == batchRows) {
            flushUnchecked();
        }
    }

    /** A flush from inside a query callback, which cannot throw checked exceptions. */
    private void flushUnchecked() {
        try {
            flush(sink);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private int pathIndex(String path) {
        Integer index = pathIndexes.get(path);
        if (index == null) {
            throw new IllegalStateException("path outside the selection: path=" + path);
        }
        return index;
    }

    private QualityMode quality() {
        return query.quality().equals("all") ? QualityMode.ALL : QualityMode.GOOD_ONLY;
    }

    private void runLong(BatchSink sink) {
        switch (query.kind()) {
            case "raw":
                for (int s = 0; s < series.size(); s++) {
                    Series one = series.get(s);
                    raw.series(s, one.type());
                    tolerating(() -> historian.readRaw(one.path(), query.start(), query.end(), raw));
                }
                rows = raw.finishBatch();
                break;
            case "aggregate":
                AggregateRequest aggregates = aggregateRequest(query.start(), query.end());
                tolerating(() -> historian.query().aggregate(selection, aggregates, r -> {
                    ((IntVector) root.getVector(0)).setSafe(rows, pathIndex(r.path()));
                    ((TimeStampNanoTZVector) root.getVector(1)).setSafe(rows, r.bucketStart());
                    ((BigIntVector) root.getVector(2)).setSafe(rows, r.count());
                    ((BigIntVector) root.getVector(3)).setSafe(rows, r.excluded());
                    double[] values = {r.sum(), r.min(), r.max(), r.avg(), r.first(), r.last(), r.stddev(),
                        r.timeWeightedAverage()};
                    for (int i = 0; i < values.length; i++) {
                        setDouble((Float8Vector) root.getVector(4 + i), values[i]);
                    }
                    row(sink);
                }));
                break;
            case "interpolate":
                InterpolationRequest grid = interpolationRequest(query.start(), query.end());
                tolerating(() -> historian.query().interpolate(selection, grid, p -> {
                    ((IntVector) root.getVector(0)).setSafe(rows, pathIndex(p.path()));
                    ((TimeStampNanoTZVector) root.getVector(1)).setSafe(rows, p.time());
                    setDouble((Float8Vector) root.getVector(2), p.value());
                    ((BitVector) root.getVector(3)).setSafe(rows, p.bucketHasData() ? 1 : 0);
                    row(sink);
                }));
                break;
            default:
                QualityMode quality = quality();
                tolerating(() -> historian.query().plot(selection, query.start(), query.end(), query.pixels(), quality,
                    p -> {
                    ((IntVector) root.getVector(0)).setSafe(rows, pathIndex(p.path()));
                    ((TimeStampNanoTZVector) root.getVector(1)).setSafe(rows, p.pixelStart());
                    long[] times = {p.firstTime(), p.lastTime(), p.minTime(), p.maxTime()};
                    double[] values = {p.first(), p.last(), p.min(), p.max()};
                    for (int i = 0; i < 4; i++) {
                        ((TimeStampNanoTZVector) root.getVector(2 + 2 * i)).setSafe(rows, times[i]);
                        ((Float8Vector) root.getVector(3 + 2 * i)).setSafe(rows, values[i]);
                    }
                    ((BigIntVector) root.getVector(10)).setSafe(rows, p.count());
                    row(sink);
                }));
                break;
        }
    }

    private void setDouble(Float8Vector vector, double value) {
        if (Double.isNaN(value)) {
            vector.setNull(rows);
        } else {
            vector.setSafe(rows, value);
        }
    }

    private AggregateRequest aggregateRequest(long start, long end) {
        return new AggregateRequest(start, end, query.step(), 0, quality(), false, query.function().equals("twa"),
            fill());
    }

    private InterpolationRequest interpolationRequest(long start, long end) {
        InterpolationRequest.Method method = query.method().equals("linear") ? InterpolationRequest.Method.LINEAR
            : InterpolationRequest.Method.PREVIOUS;
        return new InterpolationRequest(start, end, query.step(), 0, method, fill(), quality());
    }

    private InterpolationRequest.Fill fill() {
        return InterpolationRequest.Fill.valueOf(query.fill().toUpperCase(java.util.Locale.ROOT));
    }

    /**
     * The wide layout, window by window of {@code batchRows} grid points: each window's values of
     * every series are computed and placed by grid position, so memory holds one window only.
     */
    private void runWide(BatchSink sink) throws Exception {
        long step = query.step();
        long start = query.start();
        long end = query.end();
        if (query.kind().equals("aggregate") && (start == Long.MIN_VALUE + 1 || end == Long.MAX_VALUE)) {
            // An open range (no start= or end=): the grid spans the buckets that hold data, not all of time.
            long[] extent = dataExtent(start, end, step);
            if (extent == null) {
                return;
            }
            start = Math.max(start, extent[0]);
            end = Math.min(end, extent[1] > Long.MAX_VALUE - step ? Long.MAX_VALUE : extent[1] + step);
        }
        long first = Math.floorDiv(start, step) * step;
        if (first < start) {
            first += step;
        }
        for (long windowStart = first; windowStart < end; windowStart += step * batchRows) {
            long windowEnd = Math.min(end, windowStart + step * batchRows);
            int points = (int) ((windowEnd - windowStart + step - 1) / step);
            TimeStampNanoTZVector time = (TimeStampNanoTZVector) root.getVector(0);
            for (int p = 0; p < points; p++) {
                time.setSafe(p, windowStart + p * step);
            }
            for (int s = 0; s < series.size(); s++) {
                Float8Vector column = (Float8Vector) root.getVector(1 + s);
                for (int p = 0; p < points; p++) {
                    column.setNull(p);
                }
                fillWideColumn(series.get(s), column, windowStart, windowEnd, step);
            }
            rows = points;
            flush(sink);
        }
    }

    /**
     * The first and last bucket start of the selection's data in {@code [start, end)}, or null
     * without data. Damage met here is left to the export's own reads, which report it.
     */
    private long[] dataExtent(long start, long end, long step) {
        long[] extent = {Long.MAX_VALUE, Long.MIN_VALUE};
        try {
            historian.query().aggregate(selection, new AggregateRequest(start, end, step, 0, quality(), false, false),
                r -> {
                    if (r.count() + r.excluded() > 0) {
                        extent[0] = Math.min(extent[0], r.bucketStart());
                        extent[1] = Math.max(extent[1], r.bucketStart());
                    }
                });
        } catch (DataDamagedException e) {
            // the export's reads meet it again and report it after everything readable
        }
        return extent[0] > extent[1] ? null : extent;
    }

    private void fillWideColumn(Series one, Float8Vector column, long windowStart, long windowEnd, long step) {
        if (one.type() == ValueType.STRING) {
            return;
        }
        Selection selection = Selection.of(one.path());
        if (query.kind().equals("aggregate")) {
            AggregateRequest aggregates = aggregateRequest(windowStart, windowEnd);
            tolerating(() -> historian.query().aggregate(selection, aggregates, r -> {
                int p = (int) ((r.bucketStart() - windowStart) / step);
                double value = pick(r);
                if (p >= 0 && !Double.isNaN(value)) {
                    column.setSafe(p, value);
                }
            }));
        } else {
            InterpolationRequest grid = interpolationRequest(windowStart, windowEnd);
            tolerating(() -> historian.query().interpolate(selection, grid, v -> {
                int p = (int) ((v.time() - windowStart) / step);
                if (p >= 0 && !Double.isNaN(v.value())) {
                    column.setSafe(p, v.value());
                }
            }));
        }
    }

    private double pick(AggregateRow row) {
        switch (query.function()) {
            case "min":
                return row.min();
            case "max":
                return row.max();
            case "sum":
                return row.sum();
            case "count":
                return row.count();
            case "first":
                return row.first();
            case "last":
                return row.last();
            case "twa":
                return row.timeWeightedAverage();
            default:
                return row.avg();
        }
    }

    @Override
    public void close() {
        root.close();
        pathDictionary.close();
    }
}
