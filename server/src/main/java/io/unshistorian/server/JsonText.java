package io.unshistorian.server;

/**
 * JSON string literals for what the server writes as JSON by hand (the audit log, the HTTP API): the
 * quote, backslash and control characters escaped, and also U+2028/U+2029 (line breaks to
 * JavaScript), lone surrogates (so the UTF-8 stays valid) and {@code < > &} (so no text can open
 * markup where JSON is embedded in a page).
 */
public final class JsonText {
    private JsonText() {
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text) {
        return append(new StringBuilder(text.length() + 2), text).toString();
    }

    /** Appends {@code text} to {@code out} as a JSON string literal. */
    public static StringBuilder append(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029
                        || loneSurrogate(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    private static boolean loneSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
        }
        return false;
    }
}
