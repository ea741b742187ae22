package io.unshistorian.export;

import java.nio.charset.StandardCharsets;

import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.read.SampleRunVisitor;

import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Appends raw samples to the long raw layout's record batch: a chunk's run of decoded samples by
 * bulk copies of its timestamp, value and quality arrays, a merged sample one at a time. Rows of
 * the batch are never more than its capacity: when it is full, {@code full} sends it on (and the
 * batch is {@link #startBatch started} again to its new buffers) before the rest of a run is written.
 *
 * <p>Columns: {@code path} (int32 dictionary index), {@code timestamp}, the value columns the
 * selection's types need (a row sets the one of its series' type, the others stay null), {@code
 * quality}. Non-null columns get their validity bits once per batch, in {@link #finishBatch}.
 */
final class RawRows implements SampleRunVisitor {
    private final VectorSchemaRoot root;
    private final Runnable full;
    private final int capacity;
    private BaseFixedWidthVector path;
    private BaseFixedWidthVector time;
    private BaseFixedWidthVector quality;
    /** The value column of the current series' type (a VarCharVector for STRING). */
    private FieldVector value;
    private ValueType type;
    private int pathIndex;
    private int rows;
    /** The UTF-8 bytes of the last string written: a chunk's strings repeat and are the same objects. */
    private String lastText;
    private byte[] lastBytes;

    /**
     * @param full sends the batch of {@link #finishBatch} rows on, then clears, reallocates and
     *             {@link #startBatch starts} it
     */
    RawRows(VectorSchemaRoot root, int capacity, Runnable full) {
        this.root = root;
        this.capacity = capacity;
        this.full = full;
    }

    /** Takes the buffers of a freshly allocated batch, which starts empty. */
    void startBatch() {
        path = (BaseFixedWidthVector) root.getVector("path");
        time = (BaseFixedWidthVector) root.getVector("timestamp");
        quality = (BaseFixedWidthVector) root.getVector("quality");
        for (FieldVector vector : root.getFieldVectors()) {
            int room = vector instanceof BaseFixedWidthVector ? ((BaseFixedWidthVector) vector).getValueCapacity()
                : capacity;
            if (room < capacity) {
                throw new IllegalStateException("batch vector smaller than its rows: vector=" + vector.getName()
                    + " capacity=" + room + " rows=" + capacity);
            }
        }
        if (type != null) {
            value = root.getVector(valueColumn(type));
        }
        rows = 0;
    }

    /** The samples that follow are of this series, at this index of the path dictionary. */
    void series(int index, ValueType seriesType) {
        this.pathIndex = index;
        this.type = seriesType;
        this.value = root.getVector(valueColumn(seriesType));
    }

    static String valueColumn(ValueType type) {
        switch (type) {
            case DOUBLE:
                return "value_double";
            case LONG:
                return "value_long";
            case BOOLEAN:
                return "value_bool";
            default:
                return "value_string";
        }
    }

    int rows() {
        return rows;
    }

    /** Sets the validity of the columns every row has, and returns the batch's rows. */
    int finishBatch() {
        ColumnWrites.setBits(path.getValidityBuffer(), 0, rows);
        ColumnWrites.setBits(time.getValidityBuffer(), 0, rows);
        ColumnWrites.setBits(quality.getValidityBuffer(), 0, rows);
        return rows;
    }

    @Override
    public void samples(SampleColumns columns, int from, int to) {
        int at = from;
        while (at < to) {
            int n = Math.min(to - at, capacity - rows);
            append(columns, at, n);
            at += n;
            if (rows == capacity) {
                full.run();
            }
        }
    }

    private void append(SampleColumns columns, int from, int n) {
        ColumnWrites.fillInts(pathIndex, n, path.getDataBuffer(), rows);
        ColumnWrites.copyLongs(columns.timestamps(), from, n, time.getDataBuffer(), rows);
        ColumnWrites.copyLowInts(columns.qualities(), from, n, quality.getDataBuffer(), rows);
        if (type == ValueType.STRING) {
            for (int i = 0; i < n; i++) {
                setString(rows + i, columns.stringValue(from + i));
            }
        } else {
            BaseFixedWidthVector fixed = (BaseFixedWidthVector) value;
            if (type == ValueType.BOOLEAN) {
                ColumnWrites.copyBooleans(columns.values(), from, n, fixed.getDataBuffer(), rows);
            } else {
                ColumnWrites.copyLongs(columns.values(), from, n, fixed.getDataBuffer(), rows);
            }
            ColumnWrites.setBits(fixed.getValidityBuffer(), rows, rows + n);
        }
        rows += n;
    }

    @Override
    public void sample(long timestampNanos, long valueBits, int qualityCode, String text) {
        path.getDataBuffer().setInt((long) rows * Integer.BYTES, pathIndex);
        time.getDataBuffer().setLong((long) rows * Long.BYTES, timestampNanos);
        quality.getDataBuffer().setInt((long) rows * Integer.BYTES, qualityCode);
        if (type == ValueType.STRING) {
            setString(rows, text);
        } else {
            BaseFixedWidthVector fixed = (BaseFixedWidthVector) value;
            if (type == ValueType.BOOLEAN) {
                BitVectorHelper.setValidityBit(fixed.getDataBuffer(), rows, valueBits != 0 ? 1 : 0);
            } else {
                fixed.getDataBuffer().setLong((long) rows * Long.BYTES, valueBits);
            }
            BitVectorHelper.setBit(fixed.getValidityBuffer(), rows);
        }
        rows++;
        if (rows == capacity) {
            full.run();
        }
    }

    private void setString(int row, String text) {
        if (text != lastText) {
            lastText = text;
            lastBytes = text.getBytes(StandardCharsets.UTF_8);
        }
        ((VarCharVector) value).setSafe(row, lastBytes);
    }
}
