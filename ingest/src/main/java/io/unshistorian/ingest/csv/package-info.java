/**
 * CSV sources: {@code LongFormatCsvReader} parses the long layout ({@code path,timestamp_ms,value},
 * RFC 4180 via FastCSV) and {@code CsvImport} writes it into a {@code Historian}, bad rows reported
 * by line and left out, the good ones stored.
 */
package io.unshistorian.ingest.csv;
