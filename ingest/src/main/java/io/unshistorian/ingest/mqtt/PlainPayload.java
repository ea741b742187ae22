package io.unshistorian.ingest.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A plain-text payload: one value, sampled at arrival. {@code true}/{@code false} (any case) is a
 * boolean, a decimal number (including {@code NaN} and {@code ±Infinity}) a number, anything else
 * a string. Text that is not UTF-8 is refused. Not thread-safe.
 */
final class PlainPayload {
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    void decode(String path, byte[] payload, long arrivalNanos, ValueSink sink) throws BadMessageException {
        String text;
        try {
            text = utf8.decode(ByteBuffer.wrap(payload)).toString().strip();
        } catch (CharacterCodingException e) {
            throw new BadMessageException(Reason.MALFORMED, "payload is not UTF-8 text");
        }
        if (text.isEmpty()) {
            throw new BadMessageException(Reason.EMPTY_PAYLOAD, "blank payload");
        }
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            sink.bool(path, arrivalNanos, text.equalsIgnoreCase("true"), 0);
            return;
        }
        if (looksNumeric(text)) {
            try {
                sink.number(path, arrivalNanos, Double.parseDouble(text), 0);
                return;
            } catch (NumberFormatException e) {
                // not a number after all: a string
            }
        }
        sink.text(path, arrivalNanos, text, 0);
    }

    /** Cheap pre-check so ordinary strings do not pay for a NumberFormatException. */
    private static boolean looksNumeric(String text) {
        char first = text.charAt(0);
        return first >= '0' && first <= '9' || first == '-' || first == '+' || first == '.' || text.equals("NaN")
            || text.equals("Infinity");
    }
}
