package io.unshistorian.benchmarks.peers;

import java.nio.file.Path;

import io.questdb.cairo.CairoEngine;
import io.questdb.cairo.DefaultCairoConfiguration;
import io.questdb.cairo.TableToken;
import io.questdb.cairo.TableWriter;
import io.questdb.cairo.security.AllowAllSecurityContext;
import io.questdb.cairo.sql.RecordCursor;
import io.questdb.cairo.sql.RecordCursorFactory;
import io.questdb.griffin.SqlExecutionContextImpl;

/**
 * QuestDB 9.3.4 embedded, in process: one table (series SYMBOL, value DOUBLE, ts TIMESTAMP)
 * partitioned by day, BYPASS WAL so the direct TableWriter applies, committed once per batch
 * (QuestDB's default commit mode: no fsync). The symbol capacity is a power of two above the number of
 * series, at least 16,384.
 */
final class QuestDbPeer implements Peer {
    private final Path directory;
    private final CairoEngine engine;
    private final SqlExecutionContextImpl context;
    private final TableWriter writer;
    private int pending;

    QuestDbPeer(Path directory, int series) throws Exception {
        this.directory = directory;
        this.engine = new CairoEngine(new DefaultCairoConfiguration(directory.toString()));
        this.context = new SqlExecutionContextImpl(engine, 1).with(AllowAllSecurityContext.INSTANCE, null);
        int capacity = Math.max(16_384, Integer.highestOneBit(series) * 2);
        engine.execute("CREATE TABLE samples (series SYMBOL CAPACITY " + capacity + " CACHE INDEX, value DOUBLE, "
            + "ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY BYPASS WAL", context);
        TableToken token = engine.verifyTableName("samples");
        this.writer = engine.getWriter(token, "benchmark");
    }

    @Override
    public String name() {
        return "QuestDB embedded";
    }

    @Override
    public void row(String series, long timestampMs, double value) {
        TableWriter.Row row = writer.newRow(timestampMs * 1000L);
        row.putSym(0, series);
        row.putDouble(1, value);
        row.append();
        if (++pending == BATCH) {
            writer.commit();
            pending = 0;
        }
    }

    @Override
    public void finishIngest() {
        writer.commit();
        pending = 0;
    }

    @Override
    public void settle() {
        // QuestDB writes its column files at commit; nothing runs in the background here.
    }

    @Override
    public long diskBytes() throws Exception {
        return PeerHarness.directoryBytes(directory);
    }

    private long count(String sql) throws Exception {
        long rows = 0;
        try (RecordCursorFactory factory = engine.select(sql, context);
             RecordCursor cursor = factory.getCursor(context)) {
            while (cursor.hasNext()) {
                rows++;
            }
        }
        return rows;
    }

    @Override
    public long rawScan(String series, long startMs, long endMs) throws Exception {
        return count("SELECT ts, value FROM samples WHERE series = '" + series + "' AND ts >= " + startMs * 1000
            + " AND ts < " + endMs * 1000);
    }

    @Override
    public long hourlyMinMaxAvg(String series, long startMs, long endMs) throws Exception {
        return count("SELECT ts, min(value), max(value), avg(value) FROM samples WHERE series = '" + series
            + "' AND ts >= " + startMs * 1000 + " AND ts < " + endMs * 1000 + " SAMPLE BY 1h");
    }

    @Override
    public long singleGroupBy(String series, long startMs) throws Exception {
        return count("SELECT ts, avg(value) FROM samples WHERE series = '" + series + "' AND ts >= " + startMs * 1000
            + " AND ts < " + (startMs + 3_600_000L) * 1000 + " SAMPLE BY 1m");
    }

    @Override
    public long latestAll() throws Exception {
        return count("SELECT * FROM samples LATEST ON ts PARTITION BY series");
    }

    @Override
    public void close() {
        writer.close();
        engine.close();
    }
}
