package io.unshistorian.ingest.csv;

import java.io.IOException;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

/**
 * Stores imported samples in a {@link Historian} opened on a data directory. A batch is accepted
 * or refused whole, so a sample the historian refuses (a value type that conflicts with its series,
 * a timestamp out of range) is reported with its line, taken out, and the rest written again.
 */
public final class HistorianSink implements CsvImport.Sink {
    private final Historian historian;
    private final WriteBatch batch = new WriteBatch(1024);
    private long[] lines = new long[1024];

    public HistorianSink(Historian historian) {
        this.historian = historian;
    }

    @Override
    public long write(ParsedSamples samples, CsvImport.Rejections rejections) throws IOException {
        batch.clear();
        if (lines.length < samples.size()) {
            lines = new long[samples.size()];
        }
        for (int i = 0; i < samples.size(); i++) {
            batch.addDouble(samples.path(i), samples.timestamp(i), samples.value(i), samples.quality(i));
            lines[i] = samples.line(i);
        }
        while (batch.size() > 0) {
            try {
                historian.write(batch);
                return batch.size();
            } catch (BatchRejectedException e) {
                if (e.sampleIndex() < 0 || e.kind() != BatchRejectedException.Kind.INVALID_SAMPLE) {
                    throw e;   // the batch as a whole: nothing to take out
                }
                rejections.rejected(lines[e.sampleIndex()], e.reason());
                batch.remove(e.sampleIndex());
                System.arraycopy(lines, e.sampleIndex() + 1, lines, e.sampleIndex(), batch.size() - e.sampleIndex());
            }
        }
        return 0;
    }

    @Override
    public long finish(CsvImport.Rejections rejections) {
        return 0;   // every write was stored before it returned
    }
}
