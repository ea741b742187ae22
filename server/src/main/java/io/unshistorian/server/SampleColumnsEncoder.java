package io.unshistorian.server;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.SeriesSamples;

/**
 * Writes a {@code SampleColumns} message in protobuf wire form straight from column arrays, byte
 * for byte what the generated message writes for the same fields (in number order, packed columns,
 * defaults left out), without a builder call per sample. Qualities are left out
 * when every sample is Good, which the API defines as meaning exactly that.
 */
final class SampleColumnsEncoder {
    private static final int PATH_TAG = tag(SeriesSamples.PATH_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TYPE_TAG = tag(SeriesSamples.TYPE_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int TIMESTAMPS_TAG = packedTag(SeriesSamples.TIMESTAMPS_NS_FIELD_NUMBER);
    private static final int DOUBLES_TAG = packedTag(SeriesSamples.DOUBLE_VALUES_FIELD_NUMBER);
    private static final int LONGS_TAG = packedTag(SeriesSamples.LONG_VALUES_FIELD_NUMBER);
    private static final int BOOLS_TAG = packedTag(SeriesSamples.BOOL_VALUES_FIELD_NUMBER);
    private static final int STRING_TAG = tag(SeriesSamples.STRING_VALUES_FIELD_NUMBER,
        WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int QUALITIES_TAG = packedTag(SeriesSamples.QUALITIES_FIELD_NUMBER);
    private static final int SAMPLES_TAG = tag(SampleColumns.SAMPLES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int CURSOR_TAG = tag(SampleColumns.NEXT_CURSOR_FIELD_NUMBER,
        WireFormat.WIRETYPE_LENGTH_DELIMITED);

    private SampleColumnsEncoder() {
    }

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    private static int packedTag(int field) {
        return tag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    }

    /**
     * The message for {@code count} samples of one series (none when {@code path} is null) and an
     * optional cursor. {@code texts} holds the values of a STRING series, {@code valueBits} the others'.
     */
    static byte[] encode(String path, ValueType type, int count, long[] timestamps, long[] valueBits, int[] qualities,
                         String[] texts, String nextCursor) {
        int seriesLength = path == null ? 0 : seriesLength(path, type, count, timestamps, valueBits, qualities, texts);
        int length = (path == null ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(seriesLength) + seriesLength)
            + (nextCursor == null || nextCursor.isEmpty() ? 0 : 1 + CodedOutputStream.computeStringSizeNoTag(nextCursor));
        byte[] bytes = new byte[length];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            if (path != null) {
                out.writeUInt32NoTag(SAMPLES_TAG);
                out.writeUInt32NoTag(seriesLength);
                writeSeries(out, path, type, count, timestamps, valueBits, qualities, texts);
            }
            if (nextCursor != null && !nextCursor.isEmpty()) {
                out.writeUInt32NoTag(CURSOR_TAG);
                out.writeStringNoTag(nextCursor);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a SampleColumns message: lengths out of step", e);
        }
        return bytes;
    }

    private static int seriesLength(String path, ValueType type, int count, long[] timestamps, long[] valueBits,
                                    int[] qualities, String[] texts) {
        int length = path.isEmpty() ? 0 : 1 + CodedOutputStream.computeStringSizeNoTag(path);
        length += 2;   // the type: never the default 0
        length += packed(timestampsLength(count, timestamps));
        length += type == ValueType.STRING ? stringsLength(count, texts) : packed(valuesLength(type, count, valueBits));
        length += packed(qualitiesLength(count, qualities));
        return length;
    }

    private static int packed(int length) {
        return length == 0 ? 0 : 1 + CodedOutputStream.computeUInt32SizeNoTag(length) + length;
    }

    private static int timestampsLength(int count, long[] timestamps) {
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += CodedOutputStream.computeInt64SizeNoTag(timestamps[i]);
        }
        return length;
    }

    private static int valuesLength(ValueType type, int count, long[] valueBits) {
        switch (type) {
            case DOUBLE:
                return count * Long.BYTES;
            case BOOLEAN:
                return count;
            default:
                int length = 0;
                for (int i = 0; i < count; i++) {
                    length += CodedOutputStream.computeSInt64SizeNoTag(valueBits[i]);
                }
                return length;
        }
    }

    private static int stringsLength(int count, String[] texts) {
        int length = 0;
        for (int i = 0; i < count; i++) {
            length += 1 + CodedOutputStream.computeStringSizeNoTag(texts[i]);
        }
        return length;
    }

    /** 0 when every sample is Good: the column is then left out. */
    private static int qualitiesLength(int count, int[] qualities) {
        int length = 0;
        boolean anyNotGood = false;
        for (int i = 0; i < count; i++) {
            length += CodedOutputStream.computeUInt32SizeNoTag(qualities[i]);
            anyNotGood |= qualities[i] != 0;
        }
        return anyNotGood ? length : 0;
    }

    private static void writeSeries(CodedOutputStream out, String path, ValueType type, int count, long[] timestamps,
                                    long[] valueBits, int[] qualities, String[] texts) throws IOException {
        if (!path.isEmpty()) {
            out.writeUInt32NoTag(PATH_TAG);
            out.writeStringNoTag(path);
        }
        out.writeUInt32NoTag(TYPE_TAG);
        out.writeEnumNoTag(ProtoMapping.type(type).getNumber());
        int timestampsLength = timestampsLength(count, timestamps);
        if (timestampsLength > 0) {
            out.writeUInt32NoTag(TIMESTAMPS_TAG);
            out.writeUInt32NoTag(timestampsLength);
            for (int i = 0; i < count; i++) {
                out.writeInt64NoTag(timestamps[i]);
            }
        }
        if (type == ValueType.STRING) {
            for (int i = 0; i < count; i++) {
                out.writeUInt32NoTag(STRING_TAG);
                out.writeStringNoTag(texts[i]);
            }
        } else {
            writeValues(out, type, count, valueBits);
        }
        int qualitiesLength = qualitiesLength(count, qualities);
        if (qualitiesLength > 0) {
            out.writeUInt32NoTag(QUALITIES_TAG);
            out.writeUInt32NoTag(qualitiesLength);
            for (int i = 0; i < count; i++) {
                out.writeUInt32NoTag(qualities[i]);
            }
        }
    }

    private static void writeValues(CodedOutputStream out, ValueType type, int count, long[] valueBits)
        throws IOException {
        int length = valuesLength(type, count, valueBits);
        if (length == 0) {
            return;
        }
        out.writeUInt32NoTag(type == ValueType.DOUBLE ? DOUBLES_TAG : type == ValueType.BOOLEAN ? BOOLS_TAG : LONGS_TAG);
        out.writeUInt32NoTag(length);
        if (type == ValueType.DOUBLE) {
            for (int i = 0; i < count; i++) {
                out.writeFixed64NoTag(valueBits[i]);
            }
        } else if (type == ValueType.BOOLEAN) {
            for (int i = 0; i < count; i++) {
                out.writeBoolNoTag(valueBits[i] != 0);
            }
        } else {
            for (int i = 0; i < count; i++) {
                out.writeSInt64NoTag(valueBits[i]);
            }
        }
    }
}
