package io.unshistorian.archive;


import io.unshistorian.compression.chunk.ValueType;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * The archive's row: one sample of one series ({@code docs/archive.md}). {@code time} is
 * {@code TIMESTAMP(NANOS, UTC)}; exactly one value column is set, the one of the series' type;
 * {@code quality} is the OPC UA status code. The writer reuses one mutable row.
 */
final class SampleRows extends RowWriter<SampleRows.Row> {
    static final MessageType SCHEMA = Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
        .required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true,
            LogicalTypeAnnotation.TimeUnit.NANOS)).named("time")
        .optional(PrimitiveTypeName.DOUBLE).named("value_double")
        .optional(PrimitiveTypeName.INT64).named("value_long")
        .optional(PrimitiveTypeName.BOOLEAN).named("value_bool")
        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("value_string")
        .required(PrimitiveTypeName.INT64).named("quality")
        .named("sample");

    /** One sample; {@link #path} is set once per series. */
    static final class Row {
        Binary path;
        ValueType type;
        long time;
        long valueBits;
        String text;
        int quality;
    }

    SampleRows() {
        super(SCHEMA);
    }

    @Override
    public void write(Row row) {
        out.startMessage();
        out.startField("path", 0);
        out.addBinary(row.path);
        out.endField("path", 0);
        out.startField("time", 1);
        out.addLong(row.time);
        out.endField("time", 1);
        switch (row.type) {
            case DOUBLE -> {
                out.startField("value_double", 2);
                out.addDouble(Double.longBitsToDouble(row.valueBits));
                out.endField("value_double", 2);
            }
            case LONG -> {
                out.startField("value_long", 3);
                out.addLong(row.valueBits);
                out.endField("value_long", 3);
            }
            case BOOLEAN -> {
                out.startField("value_bool", 4);
                out.addBoolean(row.valueBits != 0);
                out.endField("value_bool", 4);
            }
            case STRING -> {
                out.startField("value_string", 5);
                out.addBinary(Binary.fromString(row.text));
                out.endField("value_string", 5);
            }
        }
        out.startField("quality", 6);
        out.addLong(row.quality & 0xFFFF_FFFFL);
        out.endField("quality", 6);
        out.endMessage();
    }
}
