package io.unshistorian.ingest.csv;

import java.util.Arrays;

/**
 * A run of parsed CSV rows as columns: the samples (series id, time, value, quality, line) and the
 * rows or cells that could not be read (line, reason), both in file order. The parser fills one
 * while a writer stores another; they are reused, so a writer copies what it keeps.
 */
public final class ParsedSamples {
    private int[] series;
    private long[] timestamps;
    private double[] values;
    private int[] qualities;
    private long[] lines;
    private int size;
    private long[] rejectedLines = new long[16];
    private String[] rejectedReasons = new String[16];
    private int rejectedCount;
    private String[] paths = new String[0];
    private long rows;
    private long bytesRead;

    ParsedSamples(int capacity) {
        series = new int[capacity];
        timestamps = new long[capacity];
        values = new double[capacity];
        qualities = new int[capacity];
        lines = new long[capacity];
    }

    void clear() {
        size = 0;
        rejectedCount = 0;
        rows = 0;
    }

    void add(int seriesId, long timestamp, double value, int quality, long line) {
        if (size == series.length) {
            int capacity = size * 2;
            series = Arrays.copyOf(series, capacity);
            timestamps = Arrays.copyOf(timestamps, capacity);
            values = Arrays.copyOf(values, capacity);
            qualities = Arrays.copyOf(qualities, capacity);
            lines = Arrays.copyOf(lines, capacity);
        }
        series[size] = seriesId;
        timestamps[size] = timestamp;
        values[size] = value;
        qualities[size] = quality;
        lines[size] = line;
        size++;
    }

    void reject(long line, String reason) {
        if (rejectedCount == rejectedLines.length) {
            rejectedLines = Arrays.copyOf(rejectedLines, rejectedCount * 2);
            rejectedReasons = Arrays.copyOf(rejectedReasons, rejectedCount * 2);
        }
        rejectedLines[rejectedCount] = line;
        rejectedReasons[rejectedCount++] = reason;
    }

    void countRow() {
        rows++;
    }

    void seal(String[] pathsSoFar, long bytes) {
        this.paths = pathsSoFar;
        this.bytesRead = bytes;
    }

    /** Samples in this run. */
    public int size() {
        return size;
    }

    /** The id of sample {@code i}'s series: an index into {@link #paths()}. */
    public int series(int i) {
        return series[i];
    }

    /** Every series path known when this run was parsed, by id. */
    public String[] paths() {
        return paths;
    }

    public String path(int i) {
        return paths[series[i]];
    }

    public long timestamp(int i) {
        return timestamps[i];
    }

    public double value(int i) {
        return values[i];
    }

    public int quality(int i) {
        return qualities[i];
    }

    /** The line of the file sample {@code i} was read from (the header is line 1). */
    public long line(int i) {
        return lines[i];
    }

    /** Rows and cells that could not be read in this run. */
    public int rejectedCount() {
        return rejectedCount;
    }

    public long rejectedLine(int r) {
        return rejectedLines[r];
    }

    public String rejectedReason(int r) {
        return rejectedReasons[r];
    }

    /** Data rows read in this run, good and bad. */
    public long rows() {
        return rows;
    }

    /** Bytes of the file read when this run ended, for progress. */
    public long bytesRead() {
        return bytesRead;
    }
}
