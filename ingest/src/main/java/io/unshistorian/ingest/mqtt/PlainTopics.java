package io.unshistorian.ingest.mqtt;

/**
 * The handler of plain UNS topics: maps the topic to a path ({@link TopicMapping}), checks the
 * payload's size and decodes it as plain text or JSON — as configured, or told apart by its first
 * character in {@code auto} mode ({@code {}, {@code [} or {@code "}: JSON; else plain text, which
 * covers a bare number or boolean either way). Not thread-safe: runs on the ingest thread.
 */
final class PlainTopics implements MessageHandler {
    private final TopicMapping mapping;
    private final PayloadFormat format;
    private final int maxPayloadBytes;
    private final boolean integersAsLong;
    private final PlainPayload plain = new PlainPayload();
    private final JsonPayload json;
    private final ArrivalClock clock = new ArrivalClock();
    private CoercingSink values;
    private SampleSink valuesFor;

    PlainTopics(TopicMapping mapping, PayloadFormat format, JsonFields jsonSettings, int maxPayloadBytes,
                boolean integersAsLong) {
        this.mapping = mapping;
        this.format = format;
        this.maxPayloadBytes = maxPayloadBytes;
        this.integersAsLong = integersAsLong;
        this.json = new JsonPayload(jsonSettings);
    }

    @Override
    public void handle(InboundMessage message, SampleSink sink) throws BadMessageException {
        String path = mapping.pathOf(message.topic());
        if (path == null) {
            return;   // an ignored topic
        }
        byte[] payload = message.payload();
        if (payload.length == 0) {
            throw new BadMessageException(Reason.EMPTY_PAYLOAD, "empty payload");
        }
        if (payload.length > maxPayloadBytes) {
            throw new BadMessageException(Reason.OVERSIZE, payload.length + " bytes, the limit is " + maxPayloadBytes);
        }
        if (sink != valuesFor) {
            values = new CoercingSink(sink, integersAsLong);
            valuesFor = sink;
        }
        long arrival = clock.epochNanos(message.arrivalNanos());
        if (format == PayloadFormat.JSON || format == PayloadFormat.AUTO && looksLikeJson(payload)) {
            json.decode(path, payload, arrival, values);
        } else {
            plain.decode(path, payload, arrival, values);
        }
    }

    private static boolean looksLikeJson(byte[] payload) {
        for (byte b : payload) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[' || b == '"';
            }
        }
        return false;
    }
}
