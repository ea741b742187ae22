package io.unshistorian.ingest.mqtt;

/** A message (or part of it) that cannot be stored, with the {@link Reason} it is counted under. */
public final class BadMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public BadMessageException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
