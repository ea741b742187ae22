package io.unshistorian.ingest.csv;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * Reads samples in the long CSV layout (RFC 4180, parsed by FastCSV): a header
 * {@code path,timestamp_ms,value} (or {@code timestamp_ns}, or {@code timestamp} holding ISO-8601
 * instants such as {@code 2026-01-01T00:00:00Z}), then one sample per line. Quoted fields are
 * unquoted ({@code "a,b"} is the path {@code a,b}); values are parsed as doubles. Rows arrive in
 * file order, duplicates and out-of-order rows included, each with the line it starts on.
 */
public final class LongFormatCsvReader {
    /** Receives each row. */
    @FunctionalInterface
    public interface RowHandler {
        void onRow(long lineNumber, String path, long timestampNanos, double value);
    }

    /** Receives each row that cannot be read, instead of stopping the file. */
    @FunctionalInterface
    public interface BadRowHandler {
        void onBadRow(CsvFormatException problem);
    }

    /** Reports progress: bytes of the file read so far. */
    @FunctionalInterface
    public interface Progress {
        void bytesRead(long bytes);
    }

    private static final long ISO = -1;
    private static final String LAYOUTS = "path,timestamp_ms,value or path,timestamp_ns,value or path,timestamp,value";

    private LongFormatCsvReader() {
    }

    /**
     * Reads every row, passing rows that cannot be read to {@code badRows} and going on with the
     * next; a bad header, or quoting that leaves the rest of the file unreadable, stops the file.
     *
     * @return the number of rows read successfully
     * @throws CsvFormatException for a bad header or unreadable quoting, naming the line
     */
    public static long read(Path file, RowHandler handler, BadRowHandler badRows, Progress progress)
        throws IOException {
        String source = file.toString();
        try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file));
             CsvReader<CsvRecord> csv = CsvReader.builder().skipEmptyLines(true).allowMissingFields(true)
                 .allowExtraFields(true).detectBomHeader(true).ofCsvRecord(in, StandardCharsets.UTF_8)) {
            Iterator<CsvRecord> records = csv.iterator();
            long lastLine = 1;
            try {
                if (!records.hasNext()) {
                    throw new CsvFormatException(source, 1, "empty file, expected a header " + LAYOUTS);
                }
                CsvRecord header = records.next();
                long unitNanos = timestampUnit(source, header);
                long rows = 0;
                while (records.hasNext()) {
                    CsvRecord record = records.next();
                    lastLine = record.getStartingLineNumber();
                    if ((rows & 1023) == 0 && progress != null) {
                        progress.bytesRead(in.count);
                    }
                    try {
                        readRow(source, record, unitNanos, handler);
                        rows++;
                    } catch (CsvFormatException e) {
                        badRows.onBadRow(e);
                    }
                }
                if (progress != null) {
                    progress.bytesRead(in.count);
                }
                return rows;
            } catch (CsvParseException e) {
                throw new CsvFormatException(source, lastLine + 1, "unreadable CSV after this line ("
                    + e.getMessage() + "); check its quotes");
            }
        }
    }

    /**
     * Reads every row of {@code file}.
     *
     * @throws CsvFormatException at the first line that cannot be read, naming it
     */
    public static long read(Path file, RowHandler handler) throws IOException {
        return read(file, handler, problem -> {
            throw problem;
        }, null);
    }

    private static long timestampUnit(String source, CsvRecord header) {
        String layout = String.join(",", header.getFields()).trim();
        switch (layout) {
            case "path,timestamp_ms,value":
                return 1_000_000L;
            case "path,timestamp_ns,value":
                return 1L;
            case "path,timestamp,value":
                return ISO;
            default:
                throw new CsvFormatException(source, header.getStartingLineNumber(), "unexpected header '" + layout
                    + "', expected " + LAYOUTS);
        }
    }

    private static void readRow(String source, CsvRecord record, long unitNanos, RowHandler handler) {
        long line = record.getStartingLineNumber();
        if (record.getFieldCount() != 3) {
            throw new CsvFormatException(source, line, "expected 3 comma-separated fields (path, timestamp, value), got "
                + record.getFieldCount());
        }
        String path = record.getField(0);
        String time = record.getField(1).trim();
        long timestamp;
        try {
            if (unitNanos == ISO) {
                Instant instant = Instant.parse(time);
                timestamp = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            } else {
                timestamp = Math.multiplyExact(Long.parseLong(time), unitNanos);
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new CsvFormatException(source, line, unitNanos == ISO
                ? "timestamp is not an ISO-8601 instant such as 2026-01-01T00:00:00Z: '" + time + "'"
                : "timestamp is not an integer in range: '" + time + "'");
        }
        String text = record.getField(2).trim();
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new CsvFormatException(source, line, "value is not a number: '" + text + "'");
        }
        handler.onRow(line, path, timestamp, value);
    }

    /** Counts the bytes the parser has taken from the file, for progress. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
