package io.unshistorian.ingest.mqtt;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * A JSON payload, in the shapes a UNS uses:
 * <ul>
 *   <li>a bare value ({@code 21.5}, {@code true}, {@code "RUNNING"}), sampled at arrival;</li>
 *   <li>an object with the value field ({@code {"value": 21.5, "timestamp": 1767225600000,
 *       "quality": 0}}); timestamp and quality optional;</li>
 *   <li>an object without it: each scalar field is a sample of {@code <path>/<field>} (nested
 *       objects go one level deeper), sharing the object's timestamp field when it has one
 *       ({@code {"timestamp": …, "temperature": 21.5, "running": true}});</li>
 *   <li>an array of such objects.</li>
 * </ul>
 * Field names are configurable ({@link JsonFields}). A number timestamp is epoch seconds,
 * milliseconds, microseconds or nanoseconds, told apart by its size unless a unit is configured; a
 * string timestamp is ISO-8601. A number quality is an OPC UA status code (or, configured, an OPC
 * DA quality: 192 good, 64.. uncertain, below bad); a string one is {@code good}, {@code
 * uncertain} or {@code bad}. Bounded: nesting depth, samples per message, and Jackson's own limits
 * on number and string lengths. Not thread-safe.
 */
final class JsonPayload {
    static final int MAX_DEPTH = 16;
    static final int MAX_SAMPLES = 100_000;

    private final JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 2)
            .maxStringLength(1 << 20).maxNumberLength(64).build()).build();
    private final JsonFields settings;
    private int emitted;

    JsonPayload(JsonFields settings) {
        this.settings = settings;
    }

    /** A scalar field of an object, kept until the object's timestamp and quality are known. */
    private record Field(String name, JsonToken token, double number, long integer, String text) {
    }

    /**
     * A sample found in an object; its timestamp null until an enclosing object's (or the arrival
     * time) is known: {@code {"a": {"b": 1}, "timestamp": …}} gives {@code a/b} the outer time.
     */
    private record Found(String path, Field value, Long timestamp, int quality) {
        Found at(Long time) {
            return timestamp != null || time == null ? this : new Found(path, value, time, quality);
        }
    }

    void decode(String path, byte[] payload, long arrivalNanos, ValueSink sink) throws BadMessageException {
        emitted = 0;
        try (JsonParser parser = factory.createParser(payload)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new BadMessageException(Reason.EMPTY_PAYLOAD, "blank JSON payload");
            }
            if (token == JsonToken.START_ARRAY) {
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token != JsonToken.START_OBJECT) {
                        throw new BadMessageException(Reason.MALFORMED, "a JSON array must hold objects with a value "
                            + "and a timestamp; bare values have no time of their own");
                    }
                    emitAll(object(parser, path, 1), arrivalNanos, sink);
                }
            } else if (token == JsonToken.START_OBJECT) {
                emitAll(object(parser, path, 1), arrivalNanos, sink);
            } else {
                Field value = scalar(parser, token, "(the payload)");
                emit(sink, path, arrivalNanos, value, 0);
            }
            if (parser.nextToken() != null) {
                throw new BadMessageException(Reason.MALFORMED, "text after the JSON value");
            }
        } catch (IOException e) {   // Jackson's parse errors
            throw new BadMessageException(Reason.MALFORMED, "not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void emitAll(List<Found> samples, long arrivalNanos, ValueSink sink) throws BadMessageException {
        for (Found sample : samples) {
            emit(sink, sample.path(), sample.timestamp() == null ? arrivalNanos : sample.timestamp(), sample.value(),
                sample.quality());
        }
    }

    /** Reads one object (its START_OBJECT already read): its samples, nested objects' included. */
    private List<Found> object(JsonParser parser, String path, int depth) throws IOException, BadMessageException {
        if (depth > MAX_DEPTH) {
            throw new BadMessageException(Reason.MALFORMED, "JSON nested deeper than " + MAX_DEPTH);
        }
        Field value = null;
        Long timestamp = null;
        int quality = 0;
        List<Field> fields = new ArrayList<>();
        List<Found> nested = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            token = parser.nextToken();
            if (name.equals(settings.timestampField())) {
                timestamp = timestamp(parser, token);
            } else if (name.equals(settings.qualityField())) {
                quality = quality(parser, token);
            } else if (name.equals(settings.valueField())) {
                value = scalar(parser, token, name);
            } else if (token == JsonToken.START_OBJECT) {
                nested.addAll(object(parser, path + "/" + name, depth + 1));
            } else if (token == JsonToken.START_ARRAY) {
                parser.skipChildren();   // arrays inside an object: not a shape we store
                throw new BadMessageException(Reason.MALFORMED, "field '" + name + "' is an array; store arrays of "
                    + "samples as the whole payload");
            } else if (token != JsonToken.VALUE_NULL) {
                fields.add(scalar(parser, token, name));
            }
        }
        List<Found> found = new ArrayList<>();
        if (value != null) {
            found.add(new Found(path, value, timestamp, quality));
            return found;
        }
        if (fields.isEmpty() && nested.isEmpty()) {
            throw new BadMessageException(Reason.MALFORMED, "JSON object has no '" + settings.valueField()
                + "' field and no other value");
        }
        for (Field field : fields) {
            found.add(new Found(path + "/" + field.name(), field, timestamp, quality));
        }
        for (Found inner : nested) {
            found.add(inner.at(timestamp));
        }
        return found;
    }

    private static Field scalar(JsonParser parser, JsonToken token, String name) throws IOException,
        BadMessageException {
        switch (token) {
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return new Field(name, JsonToken.VALUE_NUMBER_FLOAT, parser.getDoubleValue(), 0, null);
                }
                return new Field(name, token, 0, parser.getLongValue(), null);
            case VALUE_NUMBER_FLOAT:
                return new Field(name, token, parser.getDoubleValue(), 0, null);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new Field(name, token, 0, 0, null);
            case VALUE_STRING:
                return new Field(name, token, 0, 0, parser.getText());
            default:
                throw new BadMessageException(Reason.MALFORMED, "'" + name + "' is " + token.asString()
                    + ", not a number, boolean or string");
        }
    }

    private void emit(ValueSink sink, String path, long timestamp, Field value, int quality)
        throws BadMessageException {
        if (++emitted > MAX_SAMPLES) {
            throw new BadMessageException(Reason.OVERSIZE, "more than " + MAX_SAMPLES + " samples in one message");
        }
        switch (value.token()) {
            case VALUE_NUMBER_INT:
                sink.integer(path, timestamp, value.integer(), quality);
                break;
            case VALUE_NUMBER_FLOAT:
                sink.number(path, timestamp, value.number(), quality);
                break;
            case VALUE_TRUE:
            case VALUE_FALSE:
                sink.bool(path, timestamp, value.token() == JsonToken.VALUE_TRUE, quality);
                break;
            default:
                sink.text(path, timestamp, value.text(), quality);
        }
    }

    private long timestamp(JsonParser parser, JsonToken token) throws IOException, BadMessageException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return epochNanos(parser.getDoubleValue(), token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : 0,
                token == JsonToken.VALUE_NUMBER_INT);
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText().strip();
            try {
                Instant instant = text.endsWith("Z") ? Instant.parse(text) : OffsetDateTime.parse(text).toInstant();
                return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            } catch (DateTimeParseException | ArithmeticException e) {
                try {
                    return epochNanos(Double.parseDouble(text), 0, false);
                } catch (NumberFormatException notNumber) {
                    throw new BadMessageException(Reason.MALFORMED, "timestamp '" + text + "' is neither ISO-8601 nor "
                        + "a number");
                }
            }
        }
        throw new BadMessageException(Reason.MALFORMED, "timestamp is " + token.asString());
    }

    /** Epoch nanoseconds of a number in the configured unit, or told apart by size. */
    private long epochNanos(double value, long exact, boolean integral) throws BadMessageException {
        String unit = settings.timestampUnit();
        double magnitude = Math.abs(value);
        if (unit.equals("auto")) {
            unit = magnitude < 1e11 ? "s" : magnitude < 1e14 ? "ms" : magnitude < 1e17 ? "us" : "ns";
        }
        long factor = unit.equals("s") ? 1_000_000_000L : unit.equals("ms") ? 1_000_000L : unit.equals("us") ? 1_000L
            : 1L;
        if (!Double.isFinite(value) || magnitude * factor > 9.2e18) {
            throw new BadMessageException(Reason.MALFORMED, "timestamp " + value + " (" + unit + ") is out of range");
        }
        if (integral) {
            return Math.multiplyExact(exact, factor);
        }
        return Math.round(value * factor);
    }

    private int quality(JsonParser parser, JsonToken token) throws IOException, BadMessageException {
        if (token == JsonToken.VALUE_NUMBER_INT) {
            long code = parser.getLongValue();
            if (code < 0 || code > 0xFFFF_FFFFL) {
                throw new BadMessageException(Reason.MALFORMED, "quality " + code + " is not a status code");
            }
            if (settings.opcDaQuality()) {
                return code >= 192 ? 0 : code >= 64 ? 0x4000_0000 : 0x8000_0000;
            }
            return (int) code;
        }
        if (token == JsonToken.VALUE_STRING) {
            switch (parser.getText().strip().toLowerCase(Locale.ROOT)) {
                case "good":
                    return 0;
                case "uncertain":
                    return 0x4000_0000;
                case "bad":
                    return 0x8000_0000;
                default:
                    throw new BadMessageException(Reason.MALFORMED, "quality '" + parser.getText() + "' is not good, "
                        + "uncertain or bad");
            }
        }
        throw new BadMessageException(Reason.MALFORMED, "quality is " + token.asString());
    }
}
