package io.unshistorian.ingest.sparkplug;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.ingest.mqtt.BadMessageException;
import io.unshistorian.ingest.mqtt.Reason;
import io.unshistorian.ingest.mqtt.SampleSink;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.DataType;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload.Metric;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload.PropertySet;
import io.unshistorian.ingest.sparkplug.proto.SparkplugB.Payload.PropertyValue;
import io.unshistorian.storage.series.SeriesMetadata;

/**
 * Turns a metric's value into a sample of its series, by the datatype its birth declared: the
 * integer types and DateTime (epoch ms) as LONG (unsigned ones zero-extended; a UInt64 above
 * 2^63-1 is refused), Float and Double as DOUBLE, Boolean, and String, Text and UUID as STRING.
 * A null value ({@code is_null}) is a sample with quality Bad_NoData. DataSet, Bytes, File and the
 * arrays are not stored yet: each is counted ({@link Reason#UNSUPPORTED_DATATYPE}) and the other
 * metrics of its message are stored. Also reads the metric properties a historian cares about:
 * {@code Quality} (Sparkplug's 0 bad, 192 good, 500 stale) and engineering units and range.
 */
final class MetricValues {
    /** OPC UA Bad_NoCommunication: the value a death or a lost connection leaves behind. */
    static final int STALE = 0x8031_0000;
    /** OPC UA Bad_NoData: a metric sent with {@code is_null}. */
    static final int NULL_VALUE = 0x809B_0000;

    private MetricValues() {
    }

    /**
     * Stores {@code metric}'s value at {@code info.path}; a problem with this metric alone is
     * counted and the caller goes on with the next.
     */
    static void write(MetricInfo info, Metric metric, long timestampNanos, SampleSink sink, String topic) {
        try {
            int quality = metric.hasProperties() ? quality(metric.getProperties()) : Quality.GOOD;
            if (metric.hasIsNull() && metric.getIsNull()) {
                writeNull(info, timestampNanos, quality == Quality.GOOD ? NULL_VALUE : quality, sink);
                return;
            }
            writeValue(info, metric, timestampNanos, quality, sink, !metric.getIsHistorical());
        } catch (BadMessageException e) {
            sink.rejected(e.reason(), topic, "metric '" + info.name + "': " + e.getMessage());
        }
    }

    private static void writeValue(MetricInfo info, Metric metric, long t, int quality, SampleSink sink,
                                   boolean current) throws BadMessageException {
        DataType type = DataType.forNumber(info.datatype);
        if (type == null) {
            throw new BadMessageException(Reason.UNSUPPORTED_DATATYPE, "datatype " + info.datatype + " is unknown");
        }
        switch (type) {
            case Int8:
                writeLong(info, t, (byte) intValue(metric), quality, sink, current);
                break;
            case Int16:
                writeLong(info, t, (short) intValue(metric), quality, sink, current);
                break;
            case Int32:
                writeLong(info, t, intValue(metric), quality, sink, current);
                break;
            case UInt8:
                writeLong(info, t, intValue(metric) & 0xFFL, quality, sink, current);
                break;
            case UInt16:
                writeLong(info, t, intValue(metric) & 0xFFFFL, quality, sink, current);
                break;
            case UInt32:
                writeLong(info, t, (metric.hasIntValue() ? metric.getIntValue() : longValue(metric)) & 0xFFFF_FFFFL,
                    quality, sink, current);
                break;
            case Int64:
            case DateTime:
                writeLong(info, t, longValue(metric), quality, sink, current);
                break;
            case UInt64:
                long unsigned = longValue(metric);
                if (unsigned < 0) {
                    throw new BadMessageException(Reason.INVALID_SAMPLE, "UInt64 value "
                        + Long.toUnsignedString(unsigned) + " is above 2^63-1, the largest integer stored");
                }
                writeLong(info, t, unsigned, quality, sink, current);
                break;
            case Float:
                writeDouble(info, t, metric.hasFloatValue() ? metric.getFloatValue() : doubleValue(metric), quality,
                    sink, current);
                break;
            case Double:
                writeDouble(info, t, metric.hasDoubleValue() ? metric.getDoubleValue() : doubleValue(metric), quality,
                    sink, current);
                break;
            case Boolean:
                if (!metric.hasBooleanValue()) {
                    throw noValue(type, metric);
                }
                check(info, ValueType.BOOLEAN, sink);
                sink.booleanSample(info.path, t, metric.getBooleanValue(), quality);
                if (current) {
                    info.remember(ValueType.BOOLEAN, metric.getBooleanValue() ? 1 : 0, null, t);
                }
                break;
            case String:
            case Text:
            case UUID:
                if (!metric.hasStringValue()) {
                    throw noValue(type, metric);
                }
                check(info, ValueType.STRING, sink);
                sink.stringSample(info.path, t, metric.getStringValue(), quality);
                if (current) {
                    info.remember(ValueType.STRING, 0, metric.getStringValue(), t);
                }
                break;
            default:
                throw new BadMessageException(Reason.UNSUPPORTED_DATATYPE, type + " values are not stored yet");
        }
    }

    private static void writeLong(MetricInfo info, long t, long value, int quality, SampleSink sink, boolean current)
        throws BadMessageException {
        check(info, ValueType.LONG, sink);
        sink.longSample(info.path, t, value, quality);
        if (current) {
            info.remember(ValueType.LONG, value, null, t);
        }
    }

    private static void writeDouble(MetricInfo info, long t, double value, int quality, SampleSink sink,
                                    boolean current) throws BadMessageException {
        check(info, ValueType.DOUBLE, sink);
        sink.doubleSample(info.path, t, value, quality);
        if (current) {
            info.remember(ValueType.DOUBLE, Double.doubleToRawLongBits(value), null, t);
        }
    }

    /** A metric that changed datatype cannot go on in its series: say so, per metric. */
    private static void check(MetricInfo info, ValueType wanted, SampleSink sink) throws BadMessageException {
        ValueType stored = sink.typeOf(info.path);
        if (stored != null && stored != wanted) {
            throw new BadMessageException(Reason.TYPE_CHANGE, "a " + DataType.forNumber(info.datatype)
                + " value, but the series " + info.path + " holds " + stored + " values");
        }
    }

    private static void writeNull(MetricInfo info, long t, int quality, SampleSink sink) throws BadMessageException {
        ValueType type = sink.typeOf(info.path);
        if (type == null) {
            type = storedType(info.datatype);
        }
        if (type == null) {
            throw new BadMessageException(Reason.UNSUPPORTED_DATATYPE, DataType.forNumber(info.datatype)
                + " values are not stored yet");
        }
        if (type == ValueType.DOUBLE) {
            sink.doubleSample(info.path, t, Double.NaN, quality);
        } else {
            writeTyped(info.path, type, 0, "", t, quality, sink);
        }
    }

    /** Repeats the metric's last value with a stale quality (after a death or a lost connection). */
    static void writeStale(MetricInfo info, long deathNanos, SampleSink sink) throws BadMessageException {
        if (info.lastType == null) {
            return;
        }
        // Never at or before the last value: that would replace it.
        long t = Math.max(deathNanos, info.lastTimestampNanos + 1);
        writeTyped(info.path, info.lastType, info.lastBits, info.lastString, t, STALE, sink);
        info.lastType = null;
    }

    private static void writeTyped(String path, ValueType type, long bits, String text, long t, int quality,
                                   SampleSink sink) throws BadMessageException {
        switch (type) {
            case DOUBLE:
                sink.doubleSample(path, t, Double.longBitsToDouble(bits), quality);
                break;
            case LONG:
                sink.longSample(path, t, bits, quality);
                break;
            case BOOLEAN:
                sink.booleanSample(path, t, bits != 0, quality);
                break;
            default:
                sink.stringSample(path, t, text == null ? "" : text, quality);
        }
    }

    /** The series type a Sparkplug datatype is stored as; null for those not stored. */
    static ValueType storedType(int datatype) {
        DataType type = DataType.forNumber(datatype);
        if (type == null) {
            return null;
        }
        switch (type) {
            case Int8:
            case Int16:
            case Int32:
            case Int64:
            case UInt8:
            case UInt16:
            case UInt32:
            case UInt64:
            case DateTime:
                return ValueType.LONG;
            case Float:
            case Double:
                return ValueType.DOUBLE;
            case Boolean:
                return ValueType.BOOLEAN;
            case String:
            case Text:
            case UUID:
                return ValueType.STRING;
            default:
                return null;
        }
    }

    private static long intValue(Metric metric) throws BadMessageException {
        if (metric.hasIntValue()) {
            return metric.getIntValue();
        }
        if (metric.hasLongValue()) {
            return metric.getLongValue();
        }
        throw noValue(DataType.forNumber(metric.getDatatype()), metric);
    }

    private static long longValue(Metric metric) throws BadMessageException {
        if (metric.hasLongValue()) {
            return metric.getLongValue();
        }
        if (metric.hasIntValue()) {
            return metric.getIntValue() & 0xFFFF_FFFFL;
        }
        throw noValue(DataType.forNumber(metric.getDatatype()), metric);
    }

    private static double doubleValue(Metric metric) throws BadMessageException {
        if (metric.hasFloatValue()) {
            return metric.getFloatValue();
        }
        if (metric.hasDoubleValue()) {
            return metric.getDoubleValue();
        }
        throw noValue(DataType.forNumber(metric.getDatatype()), metric);
    }

    private static BadMessageException noValue(DataType type, Metric metric) {
        return new BadMessageException(Reason.MALFORMED, "no " + type + " value (the value field is "
            + metric.getValueCase() + ")");
    }

    /** The OPC UA status code of a metric's {@code Quality} property: 192 good, 500 stale, 0 bad. */
    static int quality(PropertySet properties) {
        for (int i = 0; i < properties.getKeysCount() && i < properties.getValuesCount(); i++) {
            if (properties.getKeys(i).equalsIgnoreCase("Quality")) {
                PropertyValue value = properties.getValues(i);
                long code = value.hasIntValue() ? value.getIntValue() : value.hasLongValue() ? value.getLongValue() : 192;
                if (code == 500) {
                    return STALE;
                }
                return code >= 192 ? Quality.GOOD : code >= 64 ? Quality.UNCERTAIN : Quality.BAD;
            }
        }
        return Quality.GOOD;
    }

    /**
     * Series metadata from a birth's metric properties: {@code engUnit}/{@code engUnits}, {@code
     * engLow}, {@code engHigh}, {@code description}/{@code Documentation}; other scalar properties
     * become tags; null when there are none.
     */
    static SeriesMetadata metadata(Metric metric) {
        if (!metric.hasProperties()) {
            return null;
        }
        PropertySet properties = metric.getProperties();
        String unit = "";
        String description = "";
        double low = Double.NaN;
        double high = Double.NaN;
        Map<String, String> tags = new HashMap<>();
        for (int i = 0; i < properties.getKeysCount() && i < properties.getValuesCount(); i++) {
            String key = properties.getKeys(i);
            PropertyValue value = properties.getValues(i);
            String text = scalar(value);
            if (text == null || key.equalsIgnoreCase("Quality")) {
                continue;
            }
            switch (key.toLowerCase(Locale.ROOT)) {
                case "engunit":
                case "engunits":
                    unit = text;
                    break;
                case "englow":
                    low = number(value, low);
                    break;
                case "enghigh":
                    high = number(value, high);
                    break;
                case "description":
                case "documentation":
                    description = text;
                    break;
                default:
                    tags.put(key, text);
            }
        }
        if (unit.isEmpty() && description.isEmpty() && Double.isNaN(low) && Double.isNaN(high) && tags.isEmpty()) {
            return null;
        }
        return new SeriesMetadata(unit, description, low, high, tags);
    }

    private static String scalar(PropertyValue value) {
        if (value.hasIsNull() && value.getIsNull()) {
            return null;
        }
        switch (value.getValueCase()) {
            case INT_VALUE:
                return Integer.toString(value.getIntValue());
            case LONG_VALUE:
                return Long.toString(value.getLongValue());
            case FLOAT_VALUE:
                return Float.toString(value.getFloatValue());
            case DOUBLE_VALUE:
                return Double.toString(value.getDoubleValue());
            case BOOLEAN_VALUE:
                return Boolean.toString(value.getBooleanValue());
            case STRING_VALUE:
                return value.getStringValue();
            default:
                return null;
        }
    }

    private static double number(PropertyValue value, double otherwise) {
        switch (value.getValueCase()) {
            case INT_VALUE:
                return value.getIntValue();
            case LONG_VALUE:
                return value.getLongValue();
            case FLOAT_VALUE:
                return value.getFloatValue();
            case DOUBLE_VALUE:
                return value.getDoubleValue();
            case STRING_VALUE:
                try {
                    return Double.parseDouble(value.getStringValue());
                } catch (NumberFormatException e) {
                    return otherwise;
                }
            default:
                return otherwise;
        }
    }
}
