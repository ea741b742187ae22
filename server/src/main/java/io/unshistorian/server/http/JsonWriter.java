package io.unshistorian.server.http;

import io.unshistorian.server.JsonText;

/**
 * A small JSON text builder for the HTTP API (no JSON library rides along): it places the commas,
 * quotes strings with {@link JsonText}, and writes the numbers JSON cannot hold — NaN
 * and ±Infinity — as the strings {@code "NaN"}, {@code "Infinity"} and {@code "-Infinity"}.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder(256);
    /** Whether the value about to be written is the first of its object or array (no comma before it). */
    private boolean first = true;

    JsonWriter beginObject() {
        return open('{');
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[');
    }

    JsonWriter endArray() {
        return close(']');
    }

    /** The name of the next member of an object; its value follows. */
    JsonWriter name(String name) {
        separate();
        JsonText.append(out, name).append(':');
        first = true;   // the value right after a name takes no comma
        return this;
    }

    JsonWriter value(String text) {
        separate();
        if (text == null) {
            out.append("null");
        } else {
            JsonText.append(out, text);
        }
        return this;
    }

    JsonWriter value(long number) {
        separate();
        out.append(number);
        return this;
    }

    JsonWriter value(boolean flag) {
        separate();
        out.append(flag);
        return this;
    }

    JsonWriter value(double number) {
        if (Double.isNaN(number)) {
            return value("NaN");
        }
        if (Double.isInfinite(number)) {
            return value(number > 0 ? "Infinity" : "-Infinity");
        }
        separate();
        if (number == Math.rint(number) && Math.abs(number) < 1e15) {
            out.append((long) number);   // 3 rather than 3.0: shorter, same number to a reader
        } else {
            out.append(number);
        }
        return this;
    }

    /** A number already in JSON form. */
    JsonWriter raw(String number) {
        separate();
        out.append(number);
        return this;
    }

    private JsonWriter open(char bracket) {
        separate();
        out.append(bracket);
        first = true;
        return this;
    }

    private JsonWriter close(char bracket) {
        out.append(bracket);
        first = false;
        return this;
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
