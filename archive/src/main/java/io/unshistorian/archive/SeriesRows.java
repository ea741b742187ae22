package io.unshistorian.archive;

import java.util.Map;

import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/** The archive's series table: one row per series, its value type and metadata ({@code docs/archive.md}). */
final class SeriesRows extends RowWriter<Series> {
    static final MessageType SCHEMA = Types.buildMessage()
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("path")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("type")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("unit")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("description")
        .optional(PrimitiveTypeName.DOUBLE).named("range_low")
        .optional(PrimitiveTypeName.DOUBLE).named("range_high")
        .required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.jsonType()).named("tags")
        .named("series");

    SeriesRows() {
        super(SCHEMA);
    }

    @Override
    public void write(Series series) {
        SeriesMetadata metadata = series.metadata();
        out.startMessage();
        text(0, "path", series.path());
        text(1, "type", series.type().name());
        text(2, "unit", metadata.unit());
        text(3, "description", metadata.description());
        number(4, "range_low", metadata.rangeLow());
        number(5, "range_high", metadata.rangeHigh());
        text(6, "tags", json(metadata.tags()));
        out.endMessage();
    }

    private void text(int index, String field, String value) {
        out.startField(field, index);
        out.addBinary(Binary.fromString(value));
        out.endField(field, index);
    }

    private void number(int index, String field, double value) {
        if (!Double.isNaN(value)) {   // NaN: no range set
            out.startField(field, index);
            out.addDouble(value);
            out.endField(field, index);
        }
    }

    /** The tags as a JSON object, keys sorted. */
    static String json(Map<String, String> tags) {
        StringBuilder json = new StringBuilder("{");
        new java.util.TreeMap<>(tags).forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            quote(json, key).append(':');
            quote(json, value);
        });
        return json.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }
}
