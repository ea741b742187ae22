package io.unshistorian.ingest.csv;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;

/**
 * How to read a CSV file for import.
 *
 * @param layout     long (a row per sample), wide (a row per time, a column per tag), or auto:
 *                   long when the header has a path column
 * @param prefix     wide layout: put before each column name to make its path ({@code acme/plant1/})
 * @param mapping    wide layout: column name → path; when not empty, only mapped columns are imported
 * @param timeColumn the time column's name, or null to find it (a column named time, timestamp,
 *                   datetime, date or ts, with or without a unit suffix; in the wide layout else the first)
 * @param timeUnit   epoch unit of the time column ({@code s}, {@code ms}, {@code us}, {@code ns}), or
 *                   null for the column name's suffix or the first value's size
 * @param zone       the zone of local date-times without an offset
 * @param batchSize  samples per batch handed to the writer
 */
public record CsvImportOptions(Layout layout, String prefix, Map<String, String> mapping, String timeColumn,
                               String timeUnit, ZoneId zone, int batchSize) {
    /** The shape of the file. */
    public enum Layout { AUTO, LONG, WIDE }

    public CsvImportOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (timeUnit != null) {
            TimeColumn.unitNanos(timeUnit);   // refuses a unit that is not one
        }
        prefix = prefix == null ? "" : prefix;
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }

    /** Auto layout, no prefix or mapping, times found by name and size, local times in UTC. */
    public static CsvImportOptions defaults() {
        return new CsvImportOptions(Layout.AUTO, "", Map.of(), null, null, ZoneOffset.UTC, 32_768);
    }

    public CsvImportOptions withLayout(Layout value) {
        return new CsvImportOptions(value, prefix, mapping, timeColumn, timeUnit, zone, batchSize);
    }

    public CsvImportOptions withPrefix(String value) {
        return new CsvImportOptions(layout, value, mapping, timeColumn, timeUnit, zone, batchSize);
    }

    public CsvImportOptions withMapping(Map<String, String> value) {
        return new CsvImportOptions(layout, prefix, value, timeColumn, timeUnit, zone, batchSize);
    }

    public CsvImportOptions withTimeColumn(String value) {
        return new CsvImportOptions(layout, prefix, mapping, value, timeUnit, zone, batchSize);
    }

    public CsvImportOptions withTimeUnit(String value) {
        return new CsvImportOptions(layout, prefix, mapping, timeColumn, value, zone, batchSize);
    }

    public CsvImportOptions withZone(ZoneId value) {
        return new CsvImportOptions(layout, prefix, mapping, timeColumn, timeUnit, value, batchSize);
    }

    public CsvImportOptions withBatchSize(int value) {
        return new CsvImportOptions(layout, prefix, mapping, timeColumn, timeUnit, zone, value);
    }

    /**
     * Reads a mapping file: a CSV of {@code column,path} rows (a header {@code column,path} is
     * optional; blank lines and lines starting with {@code #} are skipped).
     *
     * @throws CsvFormatException naming the line of a row that is not two fields or repeats a column
     */
    public static Map<String, String> readMapping(Path file) throws IOException {
        Map<String, String> mapping = new LinkedHashMap<>();
        try (CsvReader<CsvRecord> csv = CsvReader.builder().skipEmptyLines(true).allowMissingFields(true)
            .allowExtraFields(true).detectBomHeader(true).ofCsvRecord(file, StandardCharsets.UTF_8)) {
            for (CsvRecord record : csv) {
                long line = record.getStartingLineNumber();
                if (record.getField(0).startsWith("#")) {
                    continue;
                }
                if (record.getFieldCount() != 2) {
                    throw new CsvFormatException(file.toString(), line, "expected two fields, column,path; got "
                        + record.getFieldCount());
                }
                String column = record.getField(0).trim();
                String path = record.getField(1).trim();
                if (line == 1 && column.equalsIgnoreCase("column") && path.equalsIgnoreCase("path")) {
                    continue;
                }
                if (mapping.putIfAbsent(column, path) != null) {
                    throw new CsvFormatException(file.toString(), line, "column '" + column + "' is mapped twice");
                }
            }
        }
        return mapping;
    }
}
