package io.unshistorian.export;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

import io.unshistorian.embedded.Historian;

import org.apache.arrow.memory.BufferAllocator;

/** Writes an export as an Arrow IPC file (random access, {@code .arrow}) or IPC stream. */
public final class ArrowFiles {
    /** Record batches of this many rows at most. */
    public static final int BATCH_ROWS = 65_536;

    private ArrowFiles() {
    }

    /**
     * Exports {@code query} to {@code out}; {@code progress} gets the rows written after each batch.
     *
     * @param stream true for the IPC stream format, false for the IPC file format
     * @return the rows written
     */
    public static long write(Historian historian, ExportQuery query, BufferAllocator allocator, Path out,
                             boolean stream, LongConsumer progress) throws Exception {
        try (ArrowExporter exporter = new ArrowExporter(historian, query, allocator, BATCH_ROWS);
             FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                 StandardOpenOption.TRUNCATE_EXISTING);
             BackgroundBatchWriter writer = new BackgroundBatchWriter(exporter.root(), exporter.dictionaries(), channel,
                 stream, allocator)) {
            long[] written = {0};
            long rows = exporter.run(root -> {
                written[0] += root.getRowCount();
                writer.batch(root);
                progress.accept(written[0]);
            });
            writer.end();
            return rows;
        } catch (IOException e) {
            throw new IOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }
}
