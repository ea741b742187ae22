package io.unshistorian.ingest.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

/**
 * Imports a long-format CSV ({@link LongFormatCsvReader}) into a {@link Historian}, in batches.
 * A row that cannot be stored is reported with its line and reason and left out; the good rows
 * around it are stored: a row the parser refuses never enters a batch, and a sample the historian
 * refuses (an invalid path, a value type that conflicts with its series) is taken out of its batch,
 * which is then written again without it. Not thread-safe; one import at a time per instance.
 */
public final class CsvImport {
    /** Receives each row left out: the line it starts on, and why. */
    @FunctionalInterface
    public interface Rejections {
        void rejected(long lineNumber, String reason);
    }

    /** What an import did. */
    public record Result(long rowsRead, long samplesStored, long rowsRejected) {
    }

    private final Historian historian;
    private final int batchSize;
    private final WriteBatch batch;
    private final long[] lines;
    private long stored;
    private long rejected;

    public CsvImport(Historian historian, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.historian = historian;
        this.batchSize = batchSize;
        this.batch = new WriteBatch(batchSize);
        this.lines = new long[batchSize];
    }

    /**
     * Reads {@code file} and stores its rows.
     *
     * @throws CsvFormatException for a file whose header (or quoting) makes it unreadable
     */
    public Result run(Path file, Rejections rejections, LongFormatCsvReader.Progress progress) throws IOException {
        stored = 0;
        rejected = 0;
        batch.clear();
        long[] unparsable = {0};
        long rows;
        try {
            rows = LongFormatCsvReader.read(file, (line, path, t, value) -> {
                lines[batch.size()] = line;
                batch.addDouble(path, t, value);
                if (batch.size() == batchSize) {
                    flush(rejections);
                }
            }, bad -> {
                unparsable[0]++;
                rejected++;
                rejections.rejected(bad.lineNumber(), bad.reason());
            }, progress);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        flush(rejections);
        return new Result(rows + unparsable[0], stored, rejected);
    }

    /** Writes the batch; a refused sample is reported and taken out, and the rest written again. */
    private void flush(Rejections rejections) {
        while (batch.size() > 0) {
            try {
                historian.write(batch);
                stored += batch.size();
                batch.clear();
            } catch (BatchRejectedException e) {
                if (e.sampleIndex() < 0 || e.kind() != BatchRejectedException.Kind.INVALID_SAMPLE) {
                    throw e;   // the batch as a whole: nothing to take out
                }
                rejected++;
                rejections.rejected(lines[e.sampleIndex()], e.reason());
                removeSample(e.sampleIndex());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void removeSample(int index) {
        batch.remove(index);
        System.arraycopy(lines, index + 1, lines, index, batch.size() - index);
    }
}
