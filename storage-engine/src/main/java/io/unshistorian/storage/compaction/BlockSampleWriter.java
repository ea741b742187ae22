package io.unshistorian.storage.compaction;

import java.io.IOException;

import io.unshistorian.compression.chunk.ChunkDescriptor;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.block.BlockFileWriter;
import io.unshistorian.storage.read.SampleVisitor;

/**
 * Collects the time-ordered samples of one series into chunks of a {@link BlockFileWriter},
 * starting a new chunk when one reaches {@link ChunkDescriptor#MAX_SAMPLES}.
 */
final class BlockSampleWriter implements SampleVisitor {
    private final SampleColumns chunk = new SampleColumns(ValueType.DOUBLE, 1024);
    private BlockFileWriter writer;
    private int seriesId;
    private IOException failure;

    void start(BlockFileWriter target, int id, ValueType type) {
        this.writer = target;
        this.seriesId = id;
        chunk.reset(type);
    }

    @Override
    public void sample(long timestampNanos, long valueBits, int quality, String text) {
        if (chunk.size() == ChunkDescriptor.MAX_SAMPLES) {
            flushChunk();
        }
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
