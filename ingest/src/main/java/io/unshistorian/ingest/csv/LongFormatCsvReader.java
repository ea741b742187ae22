package io.unshistorian.ingest.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads samples in the long CSV format of the shared plant data sets: a header
 * {@code path,timestamp_ms,value} (or {@code timestamp_ns}), then one sample per line. Values are
 * parsed as doubles. Rows arrive in file order, duplicates and out-of-order rows included.
 */
public final class LongFormatCsvReader {
    /** Receives each row. */
    @FunctionalInterface
    public interface RowHandler {
        void onRow(long lineNumber, String path, long timestampNanos, double value);
    }

    private LongFormatCsvReader() {
    }

    /**
     * Reads every row of {@code file}.
     *
     * @throws CsvFormatException at the first line that cannot be read, naming it
     */
    public static long read(Path file, RowHandler handler) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String source = file.toString();
            String header = in.readLine();
            if (header == null) {
                throw new CsvFormatException(source, 1, "empty file, expected a header path,timestamp_ms,value");
            }
            long unitNanos = timestampUnit(source, header.trim());
            long rows = 0;
            long lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                readRow(source, lineNumber, line, unitNanos, handler);
                rows++;
            }
            return rows;
        }
    }

    private static long timestampUnit(String source, String header) {
        switch (header) {
            case "path,timestamp_ms,value":
                return 1_000_000L;
            case "path,timestamp_ns,value":
                return 1L;
            default:
                throw new CsvFormatException(source, 1, "unexpected header '" + header
                    + "', expected path,timestamp_ms,value or path,timestamp_ns,value");
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
        try {
            timestamp = Math.multiplyExact(Long.parseLong(line.substring(firstComma + 1, secondComma).trim()),
                unitNanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CsvFormatException(source, lineNumber, "timestamp is not an integer in range: '"
                + line.substring(firstComma + 1, secondComma) + "'");
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
