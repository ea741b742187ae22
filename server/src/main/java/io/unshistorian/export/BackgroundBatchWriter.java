package io.unshistorian.export;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.util.TransferPair;

/**
 * An IPC file or stream writer that writes each batch on its own thread while the exporter fills
 * the next one, so filling and the disk overlap instead of taking turns. A batch's buffers move
 * (no copy, a {@link TransferPair} per column) from the exporter's root to this writer's root;
 * at most one batch is being written while the next is filled.
 */
final class BackgroundBatchWriter implements ArrowExporter.BatchSink, AutoCloseable {
    private final VectorSchemaRoot writing;
    private final ArrowWriter writer;
    private final List<TransferPair> transfers = new ArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "arrow-file-writer");
        t.setDaemon(true);
        return t;
    });
    private Future<?> pending;

    /**
     * @param filled the exporter's root, whose batches this writes
     * @param stream true for the IPC stream format, false for the IPC file format
     */
    BackgroundBatchWriter(VectorSchemaRoot filled, DictionaryProvider dictionaries, WritableByteChannel channel,
                          boolean stream, BufferAllocator allocator) throws IOException {
        this.writing = VectorSchemaRoot.create(filled.getSchema(), allocator);
        this.writer = stream ? new ArrowStreamWriter(writing, dictionaries, channel)
            : new ArrowFileWriter(writing, dictionaries, channel);
        for (int i = 0; i < filled.getFieldVectors().size(); i++) {
            FieldVector from = filled.getVector(i);
            transfers.add(from.makeTransferPair(writing.getVector(i)));
        }
        writer.start();
    }

    /** Takes the batch's buffers (the exporter's root is left empty) and writes them in the background. */
    @Override
    public void batch(VectorSchemaRoot filled) throws IOException {
        awaitPending();
        int rows = filled.getRowCount();
        for (int i = 0; i < transfers.size(); i++) {
            transfers.get(i).transfer();
        }
        writing.setRowCount(rows);
        pending = thread.submit(() -> {
            writer.writeBatch();
            return null;
        });
    }

    /** Writes what is pending and the format's end (the file footer). */
    void end() throws IOException {
        awaitPending();
        writer.end();
    }

    private void awaitPending() throws IOException {
        if (pending == null) {
            return;
        }
        try {
            pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a record batch", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException ? (IOException) cause
                : new IOException("record batch write failed: " + cause.getMessage(), cause);
        } finally {
            pending = null;
        }
    }

    @Override
    public void close() {
        try {
            awaitPending();
        } catch (IOException e) {
            // the export already failed, or end() reported it
        } finally {
            thread.shutdownNow();
            writer.close();
            writing.close();
        }
    }
}
