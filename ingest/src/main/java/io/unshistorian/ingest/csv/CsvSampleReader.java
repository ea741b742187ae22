package io.unshistorian.ingest.csv;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.RecordType;

import io.unshistorian.compression.chunk.Quality;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;

/**
 * Reads samples from a CSV file (RFC 4180, tokenized by FastCSV) in the long or the wide layout
 * ({@link CsvLayout}), straight from the tokenizer's buffer into {@link ParsedSamples} columns:
 * no String per cell, numbers parsed in place (FastDoubleParser), paths looked up by their
 * characters ({@link SeriesPaths}). A row or cell that cannot be read is recorded with its line
 * and reason and the rest of the file goes on; a bad header, or quoting that leaves the rest of
 * the file unreadable, stops it with a {@link CsvFormatException}. Empty wide cells are no sample.
 */
public final class CsvSampleReader implements Closeable {
    private final String source;
    private final CountingInputStream in;
    private final CsvReader<RecordType> csv;
    private final CloseableIterator<RecordType> records;
    private final RowParser parser;
    private final CsvLayout layout;
    private final SeriesPaths paths = new SeriesPaths();
    private long lastLine = 1;
    private CsvFormatException unreadable;

    private CsvSampleReader(Path file, CsvImportOptions options) throws IOException {
        this.source = file.toString();
        this.in = new CountingInputStream(Files.newInputStream(file));
        this.parser = new RowParser();
        this.csv = CsvReader.builder().skipEmptyLines(true).allowMissingFields(true).allowExtraFields(true)
            .detectBomHeader(true).build(parser, in, StandardCharsets.UTF_8);
        this.records = csv.iterator();
        try {
            List<String> header = readHeader();
            this.layout = CsvLayout.of(source, header, options, paths);
            parser.start(layout, new TimeColumn(layout.names[layout.timeIndex], options.timeUnit(), options.zone()));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @throws CsvFormatException for an empty file or a header that fits no layout
     */
    public static CsvSampleReader open(Path file, CsvImportOptions options) throws IOException {
        return new CsvSampleReader(file, options);
    }

    private List<String> readHeader() {
        if (!next()) {
            throw new CsvFormatException(source, 1, "empty file, expected a header such as " + CsvLayout.LONG_HEADER);
        }
        return parser.header;
    }

    private boolean next() {
        try {
            if (!records.hasNext()) {
                return false;
            }
            records.next();
            lastLine = parser.line;
            return true;
        } catch (CsvParseException e) {
            throw new CsvFormatException(source, lastLine + 1, "unreadable CSV after this line (" + e.getMessage()
                + "); check its quotes");
        }
    }

    /**
     * Reads rows into {@code into} (cleared first) until it holds {@code batchSize} samples or the
     * file ends. Quoting that leaves the rest of the file unreadable ends the batch with the rows
     * before it; the next call throws.
     *
     * @return false when the file had no more rows
     * @throws CsvFormatException when the rest of the file is unreadable
     */
    public boolean read(ParsedSamples into, int batchSize) {
        if (unreadable != null) {
            throw unreadable;
        }
        into.clear();
        parser.target = into;
        boolean any = false;
        try {
            while (into.size() < batchSize && next()) {
                any = true;
            }
        } catch (CsvFormatException e) {
            unreadable = e;
            any = true;
        }
        into.seal(paths.table(), in.count);
        return any;
    }

    /** A description of how the file is read, for the user: layout, time column, columns left out. */
    public String describe() {
        StringBuilder text = new StringBuilder(layout.wide ? "wide layout, " + layout.tagColumns() + " tag columns"
            : "long layout").append("; time column '").append(parser.time.name()).append("' read as ")
            .append(parser.time.understood());
        if (!layout.ignored.isEmpty()) {
            text.append("; columns not imported: ").append(String.join(", ", layout.ignored));
        }
        return text.toString();
    }

    /** Whether date-times without an offset were read, in the zone of the options. */
    public boolean readLocalTimes() {
        return parser.time.sawLocalTimes();
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }

    /** FastCSV's callback for each record: the header as Strings, data rows straight into the target. */
    private final class RowParser extends AbstractBaseCsvCallbackHandler<RecordType> {
        List<String> header = new ArrayList<>();
        ParsedSamples target;
        TimeColumn time;
        long line;
        private CsvLayout columns;
        private boolean inHeader = true;
        // the row being read
        private long timestamp;
        private String rowProblem;
        private int pathId;
        private double value;
        private int quality;
        private double[] cells;
        private int[] cellColumns;
        private int cellCount;
        private int quotedNewlines;
        private List<String> cellProblems = new ArrayList<>();

        void start(CsvLayout layout, TimeColumn timeColumn) {
            this.columns = layout;
            this.time = timeColumn;
            this.inHeader = false;
            this.cells = new double[layout.roles.length];
            this.cellColumns = new int[layout.roles.length];
        }

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = startingLineNumber;
            rowProblem = null;
            pathId = -1;
            quality = 0;
            cellCount = 0;
            quotedNewlines = 0;
            if (!cellProblems.isEmpty()) {
                cellProblems.clear();
            }
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int length, boolean quoted) {
            if (inHeader) {
                header.add(new String(buf, offset, length));
                return;
            }
            if (quoted) {
                quotedNewlines += newlines(buf, offset, length);
            }
            if (rowProblem != null || index >= columns.roles.length) {
                return;
            }
            int role = columns.roles[index];
            switch (role) {
                case CsvLayout.IGNORED -> { }
                case CsvLayout.TIME -> readTime(buf, offset, length);
                case CsvLayout.PATH -> readPath(buf, offset, length);
                case CsvLayout.VALUE -> readValue(buf, offset, length);
                case CsvLayout.QUALITY -> readQuality(buf, offset, length);
                default -> readCell(index, buf, offset, length);
            }
        }

        private void readTime(char[] buf, int offset, int length) {
            try {
                timestamp = time.parse(buf, offset, length);
            } catch (TimeColumn.BadTime e) {
                rowProblem = e.getMessage();
            }
        }

        private void readPath(char[] buf, int offset, int length) {
            pathId = paths.id(buf, offset, length);
            if (paths.problem(pathId) != null) {
                rowProblem = "invalid path '" + printable(paths.path(pathId)) + "': " + paths.problem(pathId);
            }
        }

        private void readValue(char[] buf, int offset, int length) {
            try {
                value = JavaDoubleParser.parseDouble(buf, offset, length);
            } catch (NumberFormatException e) {
                rowProblem = "value is not a number: '" + new String(buf, offset, length).trim() + "'";
            }
        }

        private void readQuality(char[] buf, int offset, int length) {
            if (isBlank(buf, offset, length)) {
                return;   // Good
            }
            String text = new String(buf, offset, length).trim();
            try {
                quality = Quality.parse(text);
            } catch (IllegalArgumentException e) {
                rowProblem = e.getMessage();
            }
        }

        /** A wide file's tag cell: empty is no sample, a number is one, anything else is reported. */
        private void readCell(int index, char[] buf, int offset, int length) {
            if (isBlank(buf, offset, length)) {
                return;
            }
            try {
                cells[cellCount] = JavaDoubleParser.parseDouble(buf, offset, length);
                cellColumns[cellCount++] = index;
            } catch (NumberFormatException e) {
                cellProblems.add("column '" + columns.names[index] + "': value is not a number: '"
                    + new String(buf, offset, length).trim() + "'");
            }
        }

        @Override
        protected RecordType buildRecord() {
            RecordType type = getRecordType();
            if (inHeader || type != RecordType.DATA) {
                return type;
            }
            target.countRow();
            int fields = getFieldCount();
            if (rowProblem == null && (fields < columns.requiredFields() || fields > columns.roles.length)) {
                rowProblem = "expected " + columns.roles.length + " comma-separated fields as in the header, got "
                    + fields;
            }
            if (rowProblem != null) {
                target.reject(line, quotedNewlines == 0 ? rowProblem : rowProblem + "; a quoted field on this line "
                    + "runs over " + quotedNewlines + " more lines: check its quotes");
            } else if (columns.wide) {
                for (int c = 0; c < cellCount; c++) {
                    target.add(columns.roles[cellColumns[c]], timestamp, cells[c], 0, line);
                }
                for (String problem : cellProblems) {
                    target.reject(line, problem);
                }
            } else {
                target.add(pathId, timestamp, value, quality, line);
            }
            return type;
        }

        /** The text with control characters escaped, so that a report stays on one line. */
        private String printable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                out.append(c == '\n' ? "\\n" : c == '\r' ? "\\r" : Character.isISOControl(c)
                    ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            return out.toString();
        }

        private int newlines(char[] buf, int offset, int length) {
            int count = 0;
            for (int i = offset; i < offset + length; i++) {
                count += buf[i] == '\n' ? 1 : 0;
            }
            return count;
        }

        private boolean isBlank(char[] buf, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (buf[i] != ' ') {
                    return false;
                }
            }
            return true;
        }
    }

    /** Counts the bytes the tokenizer has taken from the file, for progress. */
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
