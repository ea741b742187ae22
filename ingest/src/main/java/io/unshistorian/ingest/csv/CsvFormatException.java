package io.unshistorian.ingest.csv;

/** A CSV row or header that cannot be read; the message names the file, line and reason. */
public final class CsvFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;

    public CsvFormatException(String source, long lineNumber, String reason) {
        super(source + ":" + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
    }

    /** The 1-based line number of the offending line (the header is line 1). */
    public long lineNumber() {
        return lineNumber;
    }
}
