package io.unshistorian.ingest.mqtt;

import java.util.List;

/**
 * How JSON payloads are read: the names of the value, timestamp and quality fields, the unit of
 * number timestamps ({@code auto}: told apart by magnitude, or {@code s}, {@code ms}, {@code us},
 * {@code ns}), and whether number qualities are OPC DA codes (192 good) rather than OPC UA status
 * codes.
 */
public record JsonFields(String valueField, String timestampField, String qualityField, String timestampUnit,
                         boolean opcDaQuality) {
    public static final JsonFields DEFAULT = new JsonFields("value", "timestamp", "quality", "auto", false);

    public JsonFields {
        if (!List.of("auto", "s", "ms", "us", "ns").contains(timestampUnit)) {
            throw new IllegalArgumentException("JSON timestamp unit '" + timestampUnit + "' is not one of auto, s, "
                + "ms, us, ns");
        }
    }
}
