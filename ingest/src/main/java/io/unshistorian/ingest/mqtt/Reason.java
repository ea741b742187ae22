package io.unshistorian.ingest.mqtt;

/**
 * Why a message (or some of its samples) was not stored. Every one is counted
 * ({@link IngestStats}) and logged at a bounded rate; none stops the stream.
 */
public enum Reason {
    /** An empty payload (often a retained message being cleared). */
    EMPTY_PAYLOAD,
    /** A payload larger than the configured limit. */
    OVERSIZE,
    /** A payload that does not parse as its format (JSON, Sparkplug protobuf, text). */
    MALFORMED,
    /** A topic the mapping rules cannot turn into a valid series path. */
    UNMAPPABLE_TOPIC,
    /** A sample whose type differs from its series' (a tag that changed type). */
    TYPE_CHANGE,
    /** A sample the historian refused for another reason (timestamp out of range, oversized string...). */
    INVALID_SAMPLE,
    /** A Sparkplug datatype not stored yet (DataSet, Bytes, File, arrays). */
    UNSUPPORTED_DATATYPE,
    /** Sparkplug data before its birth, or an alias the birth did not define (a rebirth is requested). */
    UNKNOWN_METRIC,
    /** A Sparkplug sequence number out of order past the reorder timeout (a rebirth is requested). */
    SEQUENCE_GAP,
    /** A Sparkplug death whose bdSeq belongs to an older session (ignored, as the specification says). */
    STALE_DEATH,
    /** A Sparkplug metric flagged transient (not meant for a historian). */
    TRANSIENT,
    /** A QoS 0 message dropped because the historian could not keep up. */
    OVERLOAD
}
