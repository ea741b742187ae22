package io.unshistorian.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;

import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.storage.write.WriteBatch;

/**
 * Parses {@code WriteBatch} request bytes straight into a storage {@link WriteBatch}: one pass, the
 * columns of a series gathered in reused arrays, each path string decoded once per stream
 * ({@link PathCache}). It accepts exactly what the generated parser accepts (fields in any order,
 * repeated scalars packed or not, unknown fields skipped, the last value of a singular field
 * winning; truncated data, bad lengths and strings that are not UTF-8 refused) and maps columns
 * exactly as the API defines: one value column matching the type, as long as the timestamps, and
 * qualities either absent (all Good) or as long. One reader per stream; not thread-safe.
 */
final class WriteBatchReader {
    private static final int PATH = SeriesSamples.PATH_FIELD_NUMBER;
    private static final int TYPE = SeriesSamples.TYPE_FIELD_NUMBER;
    private static final int TIMESTAMPS = SeriesSamples.TIMESTAMPS_NS_FIELD_NUMBER;
    private static final int DOUBLES = SeriesSamples.DOUBLE_VALUES_FIELD_NUMBER;
    private static final int LONGS = SeriesSamples.LONG_VALUES_FIELD_NUMBER;
    private static final int BOOLS = SeriesSamples.BOOL_VALUES_FIELD_NUMBER;
    private static final int STRINGS = SeriesSamples.STRING_VALUES_FIELD_NUMBER;
    private static final int QUALITIES = SeriesSamples.QUALITIES_FIELD_NUMBER;
    private static final int BATCH_ID = io.unshistorian.grpc.v1.WriteBatch.BATCH_ID_FIELD_NUMBER;
    private static final int SERIES = io.unshistorian.grpc.v1.WriteBatch.SERIES_FIELD_NUMBER;
    private static final int ORIGIN = io.unshistorian.grpc.v1.WriteBatch.ORIGIN_FIELD_NUMBER;
    private static final int ORIGIN_SEQUENCE = io.unshistorian.grpc.v1.WriteBatch.ORIGIN_SEQUENCE_FIELD_NUMBER;
    /** Wire numbers of the value types (historian.proto's ValueType). */
    private static final int DOUBLE = 1;
    private static final int LONG = 2;
    private static final int BOOLEAN = 3;
    private static final int STRING = 4;

    private final PathCache pathCache = new PathCache();
    private final UnknownFieldSet.Builder unknown = UnknownFieldSet.newBuilder();
    private final List<String> paths = new ArrayList<>();
    private final List<Integer> seriesStarts = new ArrayList<>();
    private long batchId;
    private String origin;
    private long originSequence;
    private Rejection rejection;

    // the columns of the series being read
    private final LongColumn timestamps = new LongColumn();
    private final LongColumn doubles = new LongColumn();
    private final LongColumn longs = new LongColumn();
    private final LongColumn bools = new LongColumn();
    private final LongColumn qualities = new LongColumn();
    private String[] strings = new String[16];
    private int stringCount;
    private String path;
    private int type;

    /** A growable column of longs, reused from series to series. */
    private static final class LongColumn {
        long[] values = new long[256];
        int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }
    }

    /**
     * Reads one request into {@code batch} (cleared first). Afterwards {@link #batchId},
     * {@link #paths} and {@link #rejection} describe it; when a series' columns do not fit together,
     * the batch holds the series before it only.
     *
     * @throws InvalidProtocolBufferException when the bytes are not a valid WriteBatch message
     */
    void read(byte[] bytes, WriteBatch batch) throws InvalidProtocolBufferException {
        batch.clear();
        paths.clear();
        seriesStarts.clear();
        batchId = 0;
        origin = "";
        originSequence = 0;
        rejection = null;
        CodedInputStream input = CodedInputStream.newInstance(bytes);
        try {
            for (int tag = input.readTag(); tag != 0; tag = input.readTag()) {
                int field = WireFormat.getTagFieldNumber(tag);
                int wireType = WireFormat.getTagWireType(tag);
                if (field == BATCH_ID && wireType == WireFormat.WIRETYPE_VARINT) {
                    batchId = input.readUInt64();
                } else if (field == ORIGIN && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    origin = input.readStringRequireUtf8();
                } else if (field == ORIGIN_SEQUENCE && wireType == WireFormat.WIRETYPE_VARINT) {
                    originSequence = input.readUInt64();
                } else if (field == SERIES && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    int limit = input.pushLimit(input.readRawVarint32());
                    readSeries(input, bytes);
                    input.popLimit(limit);
                    emit(batch);
                } else {
                    skipUnknown(input, tag);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidProtocolBufferException(e);
        }
    }

    /**
     * Reads past a field this version does not know (or a known number with another wire type) the
     * way the generated parser does, into an unknown-field set (which accepts a few varints that
     * {@code CodedInputStream.skipField} would refuse); then forgets it.
     */
    private void skipUnknown(CodedInputStream input, int tag) throws IOException {
        boolean skipped = unknown.mergeFieldFrom(tag, input);
        unknown.clear();
        if (!skipped) {
            throw new InvalidProtocolBufferException("Protocol message end-group tag did not match expected tag.");
        }
    }

    long batchId() {
        return batchId;
    }

    /** The forwarding historian's name, empty for an ordinary batch. */
    String origin() {
        return origin;
    }

    /** The origin's WAL sequence of the last batch this one carries (when {@link #origin} is set). */
    long originSequence() {
        return originSequence;
    }

    /** The path of every series of the last request, in order. */
    List<String> paths() {
        return paths;
    }

    /** The first series whose columns do not fit together, or null. */
    Rejection rejection() {
        return rejection;
    }

    /** A series of a request whose columns do not fit together: the batch is refused, naming it. */
    record Rejection(int seriesIndex, String path, String reason) {
    }

    /** The index in the batch of the first sample of each series; for mapping a rejected sample back. */
    List<Integer> seriesStarts() {
        return seriesStarts;
    }

    private void readSeries(CodedInputStream input, byte[] bytes) throws IOException {
        path = "";
        type = 0;
        timestamps.size = 0;
        doubles.size = 0;
        longs.size = 0;
        bools.size = 0;
        qualities.size = 0;
        Arrays.fill(strings, 0, stringCount, null);
        stringCount = 0;
        while (!input.isAtEnd()) {
            int tag = input.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            boolean packed = wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (field == PATH && packed) {
                int length = input.readRawVarint32();
                int offset = input.getTotalBytesRead();
                input.skipRawBytes(length);   // checks the length against what is left
                path = pathCache.path(bytes, offset, length);
            } else if (field == TYPE && wireType == WireFormat.WIRETYPE_VARINT) {
                type = input.readEnum();
            } else if (field == TIMESTAMPS && (packed || wireType == WireFormat.WIRETYPE_VARINT)) {
                readColumn(input, packed, field, timestamps);
            } else if (field == DOUBLES && (packed || wireType == WireFormat.WIRETYPE_FIXED64)) {
                readColumn(input, packed, field, doubles);
            } else if (field == LONGS && (packed || wireType == WireFormat.WIRETYPE_VARINT)) {
                readColumn(input, packed, field, longs);
            } else if (field == BOOLS && (packed || wireType == WireFormat.WIRETYPE_VARINT)) {
                readColumn(input, packed, field, bools);
            } else if (field == STRINGS && packed) {
                if (stringCount == strings.length) {
                    strings = Arrays.copyOf(strings, stringCount * 2);
                }
                strings[stringCount++] = input.readStringRequireUtf8();
            } else if (field == QUALITIES && (packed || wireType == WireFormat.WIRETYPE_VARINT)) {
                readColumn(input, packed, field, qualities);
            } else {
                skipUnknown(input, tag);
            }
        }
    }

    /**
     * Reads one element, or a packed run of them, of a repeated scalar field into {@code into}:
     * {@code field} says how an element is encoded.
     */
    private static void readColumn(CodedInputStream input, boolean packed, int field, LongColumn into)
        throws IOException {
        if (!packed) {
            into.add(readElement(input, field));
            return;
        }
        int limit = input.pushLimit(input.readRawVarint32());
        while (input.getBytesUntilLimit() > 0) {
            into.add(readElement(input, field));
        }
        input.popLimit(limit);
    }

    private static long readElement(CodedInputStream input, int field) throws IOException {
        switch (field) {
            case TIMESTAMPS:
                return input.readInt64();
            case DOUBLES:
                return input.readFixed64();
            case LONGS:
                return input.readSInt64();
            case BOOLS:
                return input.readBool() ? 1 : 0;
            default:
                return input.readUInt32();
        }
    }

    /** Checks the series just read and appends its samples, unless a series before it was refused. */
    private void emit(WriteBatch batch) {
        int series = paths.size();
        paths.add(path);
        seriesStarts.add(batch.size());
        if (rejection != null) {
            return;
        }
        int n = timestamps.size;
        int values;
        switch (type) {
            case DOUBLE:
                values = doubles.size;
                break;
            case LONG:
                values = longs.size;
                break;
            case BOOLEAN:
                values = bools.size;
                break;
            case STRING:
                values = stringCount;
                break;
            default:
                rejection = new Rejection(series, path, "value type is not set");
                return;
        }
        if (values != n) {
            rejection = new Rejection(series, path, n + " timestamps but " + values + " "
                + typeName(type) + " values");
            return;
        }
        if (qualities.size != 0 && qualities.size != n) {
            rejection = new Rejection(series, path, n + " timestamps but " + qualities.size
                + " qualities (send none for all Good)");
            return;
        }
        append(batch, n);
    }

    private void append(WriteBatch batch, int n) {
        long[] t = timestamps.values;
        boolean withQualities = qualities.size != 0;
        long[] q = qualities.values;
        for (int i = 0; i < n; i++) {
            int quality = withQualities ? (int) q[i] : 0;
            switch (type) {
                case DOUBLE:
                    batch.addDouble(path, t[i], Double.longBitsToDouble(doubles.values[i]), quality);
                    break;
                case LONG:
                    batch.addLong(path, t[i], longs.values[i], quality);
                    break;
                case BOOLEAN:
                    batch.addBoolean(path, t[i], bools.values[i] != 0, quality);
                    break;
                default:
                    batch.addString(path, t[i], strings[i], quality);
                    break;
            }
        }
    }

    private static String typeName(int type) {
        return io.unshistorian.grpc.v1.ValueType.forNumber(type).name();
    }
}
