package io.unshistorian.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.util.regex.Pattern;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;

/**
 * The one CSV writer of the command line (query output and export): RFC 4180 by FastCSV, so a field
 * holding a comma, a quote or a line break is quoted and can never forge a row or shift a column.
 * With {@code spreadsheetSafe}, a text cell that a spreadsheet would run as a formula (it starts
 * with {@code = + - @}, a tab or a carriage return, and is not a number) gets a leading {@code '},
 * the OWASP advice for CSV injection; numbers, negative ones included, are left as they are.
 */
final class CsvCells implements Closeable {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|[-+]?Infinity|NaN");

    private final CsvWriter csv;
    private final boolean spreadsheetSafe;
    private final String[] cells;

    CsvCells(Writer out, boolean spreadsheetSafe, int columns) {
        this.csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).autoFlush(false).build(out);
        this.spreadsheetSafe = spreadsheetSafe;
        this.cells = new String[columns];
    }

    /** Writes one row; null cells are empty. */
    void row(String... values) {
        for (int i = 0; i < values.length; i++) {
            cells[i] = cell(values[i]);
        }
        csv.writeRecord(values.length == cells.length ? cells : java.util.Arrays.copyOf(cells, values.length));
    }

    private String cell(String value) {
        if (value == null) {
            return "";
        }
        return spreadsheetSafe && runsAsFormula(value) ? "'" + value : value;
    }

    static boolean runsAsFormula(String value) {
        if (value.isEmpty()) {
            return false;
        }
        char first = value.charAt(0);
        boolean risky = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return risky && !NUMBER.matcher(value).matches();
    }

    void flush() throws IOException {
        csv.flush();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
