package io.unshistorian.ingest.csv;

/** A CSV row or header that cannot be read; the message names the file, line and reason. */
public final class CsvFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;
    private final String reason;

    public CsvFormatException(String source, long lineNumber, String reason) {
        super(source + ":" + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** What is wrong with the line, without the file and line. */
    public String reason() {
        return reason;
    }

    /** The 1-based line number of the offending line (the header is line 1). */
    public long lineNumber() {
        return lineNumber;
    }
}
