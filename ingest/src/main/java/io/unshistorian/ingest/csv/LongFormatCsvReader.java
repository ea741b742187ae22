package io.unshistorian.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads samples in the long CSV format of the shared plant data sets: a header
 * {@code path,timestamp_ms,value} (or {@code timestamp_ns}, or {@code timestamp} holding ISO-8601
 * instants such as {@code 2026-01-01T00:00:00Z}), then one sample per line. Values are parsed as
 * doubles. Rows arrive in file order, duplicates and out-of-order rows included.
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

    private LongFormatCsvReader() {
    }

    /**
     * Reads every row, passing rows that cannot be read to {@code badRows} and going on with the
     * next; a bad header still stops the file.
     *
     * @return the number of rows read successfully
     */
    public static long read(Path file, RowHandler handler, BadRowHandler badRows, Progress progress)
        throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String source = file.toString();
            String header = in.readLine();
            if (header == null) {
                throw new CsvFormatException(source, 1, "empty file, expected a header path,timestamp_ms,value");
            }
            long unitNanos = timestampUnit(source, header.trim());
            long rows = 0;
            long lineNumber = 1;
            long bytes = header.length() + 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                bytes += line.length() + 1;
                if ((lineNumber & 1023) == 0 && progress != null) {
                    progress.bytesRead(bytes);
                }
                if (line.isEmpty()) {
                    continue;
                }
                try {
                    readRow(source, lineNumber, line, unitNanos, handler);
                    rows++;
                } catch (CsvFormatException e) {
                    badRows.onBadRow(e);
                }
            }
            if (progress != null) {
                progress.bytesRead(bytes);
            }
            return rows;
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

    private static long timestampUnit(String source, String header) {
        switch (header) {
            case "path,timestamp_ms,value":
                return 1_000_000L;
            case "path,timestamp_ns,value":
                return 1L;
            case "path,timestamp,value":
                return ISO;
            default:
                throw new CsvFormatException(source, 1, "unexpected header '" + header
                    + "', expected path,timestamp_ms,value or path,timestamp_ns,value or path,timestamp,value");
        }
    }

    private static void readRow(String source, long lineNumber, String line, long unitNanos, RowHandler handler) {
        int firstComma = line.indexOf(',');
        int secondComma = firstComma < 0 ? -1 : line.indexOf(',', firstComma + 1);
        if (secondComma < 0 || line.indexOf(',', secondComma + 1) >= 0) {
            throw new CsvFormatException(source, lineNumber, "expected 3 comma-separated fields");
        }
        String path = line.substring(0, firstComma);
        long timestamp;
        double value;
        String time = line.substring(firstComma + 1, secondComma).trim();
        try {
            if (unitNanos == ISO) {
                java.time.Instant instant = java.time.Instant.parse(time);
                timestamp = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
            } else {
                timestamp = Math.multiplyExact(Long.parseLong(time), unitNanos);
            }
        } catch (NumberFormatException | ArithmeticException | java.time.format.DateTimeParseException e) {
            throw new CsvFormatException(source, lineNumber, unitNanos == ISO
                ? "timestamp is not an ISO-8601 instant such as 2026-01-01T00:00:00Z: '" + time + "'"
                : "timestamp is not an integer in range: '" + time + "'");
        }
        try {
            value = Double.parseDouble(line.substring(secondComma + 1).trim());
        } catch (NumberFormatException e) {
            throw new CsvFormatException(source, lineNumber, "value is not a number: '"
                + line.substring(secondComma + 1) + "'");
        }
        handler.onRow(lineNumber, path, timestamp, value);
    }
}
