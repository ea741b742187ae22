package io.unshistorian.ingest.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Imports a CSV file as a pipeline: a parser thread reads batches of rows ({@link CsvSampleReader})
 * while the calling thread stores the previous ones through a {@link Sink} (a data directory, a
 * server), so parsing and storing overlap and neither waits on the other while there is work.
 * Rows and cells that cannot be read, and samples the sink refuses, are reported by line and left
 * out; everything else is stored.
 */
public final class CsvImport {
    /** Receives each row or cell left out: the line it is on, and why. Called on the importing thread. */
    @FunctionalInterface
    public interface Rejections {
        void rejected(long lineNumber, String reason);
    }

    /** Reports progress: bytes of the file read so far. */
    @FunctionalInterface
    public interface Progress {
        void bytesRead(long bytes);
    }

    /** Where samples go. Called on one thread, batch after batch in file order. */
    public interface Sink {
        /**
         * Stores (or starts storing) a batch, reporting the samples it refuses; the batch is reused
         * after this returns, so a sink that keeps samples copies them.
         *
         * @return samples whose storing was confirmed during this call (of this or earlier batches)
         */
        long write(ParsedSamples batch, Rejections rejections) throws IOException;

        /** Waits until everything written is stored; returns the samples confirmed meanwhile. */
        long finish(Rejections rejections) throws IOException;
    }

    /**
     * What an import did.
     *
     * @param rowsRead      data rows in the file, good and bad
     * @param samplesStored samples stored
     * @param rejected      rows and cells left out
     * @param description   how the file was read (layout, time column, columns not imported)
     * @param localTimes    whether date-times without an offset were read, in the options' zone
     */
    public record Result(long rowsRead, long samplesStored, long rejected, String description, boolean localTimes) {
    }

    private static final int BATCHES_IN_PIPELINE = 3;

    private CsvImport() {
    }

    /**
     * Reads {@code file} and stores its samples through {@code sink}.
     *
     * @throws CsvFormatException for a file whose header (or quoting) makes it unreadable; samples
     *                            before the unreadable part are stored
     */
    public static Result run(Path file, CsvImportOptions options, Sink sink, Rejections rejections,
                             Progress progress) throws IOException {
        long[] rejected = {0};
        Rejections counted = (line, reason) -> {
            rejected[0]++;
            rejections.rejected(line, reason);
        };
        try (CsvSampleReader reader = CsvSampleReader.open(file, options)) {
            Parser parser = new Parser(reader, options.batchSize());
            parser.start();
            long rows = 0;
            long stored = 0;
            try {
                for (ParsedSamples batch = parser.next(); batch != null; batch = parser.next()) {
                    rows += batch.rows();
                    for (int r = 0; r < batch.rejectedCount(); r++) {
                        counted.rejected(batch.rejectedLine(r), batch.rejectedReason(r));
                    }
                    stored += sink.write(batch, counted);
                    if (progress != null) {
                        progress.bytesRead(batch.bytesRead());
                    }
                    parser.recycle(batch);
                }
            } catch (CsvFormatException e) {
                sink.finish(counted);   // what came before the unreadable part is stored, then the file is refused
                throw e;
            } finally {
                parser.shutdown();
            }
            stored += sink.finish(counted);
            return new Result(rows, stored, rejected[0], reader.describe(), reader.readLocalTimes());
        }
    }

    /** The parser thread and the two queues between it and the storing thread. */
    private static final class Parser extends Thread {
        private static final ParsedSamples END = new ParsedSamples(0);

        private final CsvSampleReader reader;
        private final int batchSize;
        private final BlockingQueue<ParsedSamples> free = new ArrayBlockingQueue<>(BATCHES_IN_PIPELINE);
        private final BlockingQueue<ParsedSamples> full = new ArrayBlockingQueue<>(BATCHES_IN_PIPELINE + 1);
        private volatile RuntimeException failure;

        Parser(CsvSampleReader reader, int batchSize) {
            super("csv-import-parser");
            setDaemon(true);
            this.reader = reader;
            this.batchSize = batchSize;
            for (int i = 0; i < BATCHES_IN_PIPELINE; i++) {
                free.add(new ParsedSamples(batchSize));
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    ParsedSamples batch = free.take();
                    if (!reader.read(batch, batchSize)) {
                        break;
                    }
                    full.put(batch);
                }
            } catch (InterruptedException e) {
                return;   // the storing thread gave up
            } catch (RuntimeException e) {
                failure = e;
            }
            full.add(END);
        }

        /** The next batch in file order, or null at the end. */
        ParsedSamples next() throws IOException {
            ParsedSamples batch;
            try {
                batch = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while importing", e);
            }
            if (batch != END) {
                return batch;
            }
            if (failure instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (failure != null) {
                throw failure;
            }
            return null;
        }

        void recycle(ParsedSamples batch) {
            free.add(batch);
        }

        void shutdown() {
            interrupt();
            try {
                join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
