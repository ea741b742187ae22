package io.unshistorian.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows as an aligned table, CSV ({@link CsvCells}) or JSON lines, with timestamps as
 * ISO-8601 UTC (default), epoch ms or epoch ns.
 */
final class Output {
    enum Format { table, csv, json }

    enum Timestamps { iso, ms, ns }

    private final PrintWriter out;
    private final Format format;
    private final Timestamps timestamps;
    private final String[] columns;
    private final List<String[]> pending = new ArrayList<>();
    private final CsvCells csv;
    private long rows;

    Output(PrintWriter out, Format format, Timestamps timestamps, boolean spreadsheetSafe, String... columns) {
        this.out = out;
        this.format = format;
        this.timestamps = timestamps;
        this.columns = columns;
        this.csv = format == Format.csv ? new CsvCells(out, spreadsheetSafe, columns.length) : null;
        if (csv != null) {
            csv.row(columns);
        }
    }

    String time(long nanos) {
        switch (timestamps) {
            case ms:
                return Long.toString(Math.floorDiv(nanos, 1_000_000L));
            case ns:
                return Long.toString(nanos);
            default:
                return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                    .toString();
        }
    }

    /** Rows written so far. */
    long rows() {
        return rows;
    }

    void row(String... values) {
        rows++;
        switch (format) {
            case csv:
                csv.row(values);
                break;
            case json:
                StringBuilder json = new StringBuilder("{");
                for (int i = 0; i < values.length; i++) {
                    json.append(i == 0 ? "" : ",").append('"').append(columns[i]).append("\":");
                    json.append(isNumber(values[i]) ? values[i] : "\"" + escape(values[i]) + "\"");
                }
                out.println(json.append('}'));
                break;
            default:
                pending.add(values);
                if (pending.size() >= 1000) {
                    flushTable();
                }
                break;
        }
    }

    void finish() {
        if (format == Format.table) {
            flushTable();
        }
        if (csv != null) {
            try {
                csv.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
    }

    private boolean headerPrinted;

    private void flushTable() {
        int[] widths = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            widths[i] = columns[i].length();
        }
        for (String[] row : pending) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        if (!headerPrinted) {
            printAligned(columns, widths);
            headerPrinted = true;
        }
        for (String[] row : pending) {
            printAligned(row, widths);
        }
        pending.clear();
    }

    private void printAligned(String[] values, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", values[i]));
        }
        out.println(line.toString().stripTrailing());
    }

    private static boolean isNumber(String value) {
        return value.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    }

    /** A JSON string's content: quotes, backslashes and every control character escaped. */
    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
