package io.unshistorian.benchmarks.peers;

/**
 * One system under comparison. Every peer gets the same rows, in batches of {@link #BATCH}, and
 * the same queries; figures are measured by the harness around these calls.
 */
interface Peer extends AutoCloseable {
    int BATCH = 10_000;

    String name();

    /** Adds one row to the current batch (sending it when full). */
    void row(String series, long timestampMs, double value) throws Exception;

    /** Sends what is pending and makes everything durable to the peer's default level and queryable. */
    void finishIngest() throws Exception;

    /** Lets background work (compaction, merges) finish; then the files are measured. */
    void settle() throws Exception;

    /** Bytes of the peer's files on disk. */
    long diskBytes() throws Exception;

    /** Every sample of a series in [startMs, endMs); returns the count. */
    long rawScan(String series, long startMs, long endMs) throws Exception;

    /** Hourly min/max/avg of a series over [startMs, endMs); returns the number of buckets. */
    long hourlyMinMaxAvg(String series, long startMs, long endMs) throws Exception;

    /** 1-minute averages over one hour of a series; returns the number of buckets. */
    long singleGroupBy(String series, long startMs) throws Exception;

    /** The latest value of every series; returns the number of series answered. */
    long latestAll() throws Exception;
}
