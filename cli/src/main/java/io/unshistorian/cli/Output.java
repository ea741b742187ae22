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

    /** A timestamp as the options ask: an ISO-8601 string, or a number of ms or ns. */
    Object time(long nanos) {
        switch (timestamps) {
            case ms:
                return Math.floorDiv(nanos, 1_000_000L);
            case ns:
                return nanos;
            default:
                return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))
                    .toString();
        }
    }

    /** Rows written so far. */
    long rows() {
        return rows;
    }

    /**
     * One row. Cells are typed: a {@code String}, a {@code Long}, a {@code Double} (NaN: no value), a
     * {@code Boolean}, or null (no value); JSON keeps the types, a table and CSV print their text.
     */
    void row(Object... cells) {
        rows++;
        if (format == Format.json) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < cells.length; i++) {
                json.append(i == 0 ? "" : ",").append('"').append(columns[i]).append("\":").append(json(cells[i]));
            }
            out.println(json.append('}'));
            return;
        }
        String[] values = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            values[i] = text(cells[i]);
        }
        switch (format) {
            case csv:
                csv.row(values);
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

    /** A cell's text in a table or CSV: numbers without float noise, "null" for no value. */
    static String text(Object cell) {
        if (cell == null) {
            return "null";
        }
        if (cell instanceof Double value) {
            return number(value);
        }
        return cell.toString();
    }

    private static String json(Object cell) {
        if (cell == null || cell instanceof Double value && Double.isNaN(value)) {
            return "null";
        }
        if (cell instanceof Double value) {
            return Double.isInfinite(value) ? (value > 0 ? "\"Infinity\"" : "\"-Infinity\"") : number(value);
        }
        if (cell instanceof Long || cell instanceof Integer || cell instanceof Boolean) {
            return cell.toString();
        }
        return "\"" + escape(cell.toString()) + "\"";
    }

    /** A double as the shortest text that reads back to it; whole numbers without ".0"; NaN as "null". */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
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
