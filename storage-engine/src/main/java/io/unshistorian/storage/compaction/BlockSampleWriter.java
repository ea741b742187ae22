package io.unshistorian.storage.compaction;

import java.io.IOException;

import io.unshistorian.compression.chunk.ChunkDescriptor;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.block.BlockFileWriter;
import io.unshistorian.storage.read.SampleVisitor;

/**
 * Collects the time-ordered samples of one series into chunks of a {@link BlockFileWriter}: chunks by
 * samples, cut at time. A new chunk starts at a multiple of the chunk span (epoch-aligned) once the
 * current one holds at least {@value #MIN_CHUNK_SAMPLES} samples, so for dense series an aggregate
 * bucket of that span (or a multiple) contains whole chunks and is answered from chunk statistics
 * without decoding, while a sparse series (a sample every few minutes) gets chunks of weeks whose
 * header is a rounding error per sample, and which decode in microseconds when a bucket cuts them;
 * and when a chunk reaches {@link ChunkDescriptor#MAX_SAMPLES}.
 */
final class BlockSampleWriter implements SampleVisitor {
    static final int MIN_CHUNK_SAMPLES = 1024;

    private final SampleColumns chunk = new SampleColumns(ValueType.DOUBLE, 1024);
    private final long chunkSpanNanos;
    private BlockFileWriter writer;
    private int seriesId;
    private long currentSpan = Long.MIN_VALUE;
    private IOException failure;

    BlockSampleWriter(long chunkSpanNanos) {
        this.chunkSpanNanos = chunkSpanNanos;
    }

    void start(BlockFileWriter target, int id, ValueType type) {
        this.writer = target;
        this.seriesId = id;
        this.currentSpan = Long.MIN_VALUE;
        chunk.reset(type);
    }

    @Override
    public void sample(long timestampNanos, long valueBits, int quality, String text) {
        long span = Math.floorDiv(timestampNanos, chunkSpanNanos);
        if (chunk.size() == ChunkDescriptor.MAX_SAMPLES || (span != currentSpan && chunk.size() >= MIN_CHUNK_SAMPLES)) {
            flushChunk();
        }
        currentSpan = span;
        if (chunk.type() == ValueType.STRING) {
            chunk.addString(timestampNanos, text, quality);
        } else {
            chunk.add(timestampNanos, valueBits, quality);
        }
    }

    /** Writes what is collected; rethrows a failure met while collecting. */
    void finish() throws IOException {
        flushChunk();
        if (failure != null) {
            IOException e = failure;
            failure = null;
            throw e;
        }
    }

    private void flushChunk() {
        if (chunk.size() == 0 || failure != null) {
            return;
        }
        try {
            writer.addChunk(seriesId, chunk);
        } catch (IOException e) {
            failure = e;
        }
        chunk.reset(chunk.type());
    }
}
