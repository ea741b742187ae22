package io.unshistorian.storage.block;

import static io.unshistorian.storage.block.BlockDescriptor.ENTRY_CHUNK_LENGTH_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.ENTRY_CHUNK_OFFSET_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.ENTRY_LENGTH;
import static io.unshistorian.storage.block.BlockDescriptor.FOOTER_ENTRY_COUNT_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.FOOTER_HEADER_LENGTH;
import static io.unshistorian.storage.block.BlockDescriptor.FOOTER_SUPERSEDED_COUNT_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.HEADER_CRC_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.HEADER_LENGTH;
import static io.unshistorian.storage.block.BlockDescriptor.TRAILER_FOOTER_CRC_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.TRAILER_FOOTER_LENGTH_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.TRAILER_FOOTER_OFFSET_OFFSET;
import static io.unshistorian.storage.block.BlockDescriptor.TRAILER_LENGTH;
import static io.unshistorian.storage.block.BlockDescriptor.TRAILER_MAGIC;
import static io.unshistorian.storage.block.BlockDescriptor.TRAILER_MAGIC_OFFSET;
import static io.unshistorian.storage.FuzzFiles.crc32c;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.unshistorian.compression.chunk.ChunkDescriptor;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.storage.FuzzFiles;
import io.unshistorian.storage.StorageProblems;
import io.unshistorian.storage.read.ReadDamage;
import io.unshistorian.storage.read.SeriesReader;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): a block file of arbitrary bytes, opened and read as the engine
 * does. {@link BlockFile#open} either opens it or throws {@link CorruptBlockException} (then
 * {@link UnreadableBlock#of} still says what the header tells); an opened block is read through the
 * real {@link SeriesReader} — every series of its footer, whole and latest — where a damaged chunk
 * is reported and skipped. Nothing else may escape: no index, size or arithmetic exception, no
 * allocation a count made huge, no crash of the mapped read.
 *
 * <p>Input: one flag byte, then the file. Flag bit 0 recomputes every CRC32C (header, each chunk
 * the footer points at, footer) over the mutated bytes, bit 1 first rewrites the trailer to point
 * at a footer sized by its own counts, so mutations reach the footer checks and the chunks rather
 * than dying at a checksum. Bits 2-3 choose the value type series whose chunks do not say are read
 * as.
 */
class BlockFileFuzzer {
    private static Path directory;

    @BeforeAll
    static void setUp() throws IOException {
        FuzzCorpus.perTarget(BlockFileFuzzer.class);
        directory = Files.createTempDirectory("block-fuzz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        FuzzFiles.delete(directory);
    }

    @FuzzTest(maxDuration = "10s")
    void openAndRead(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        int flags = input[0];
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        if ((flags & 2) != 0) {
            pointTrailerAtFooter(bytes);
        }
        if ((flags & 1) != 0) {
            fixChecksums(bytes);
        }
        Path file = directory.resolve(BlockDescriptor.fileName(7));
        Files.write(file, bytes);

        BlockFile block;
        try {
            block = BlockFile.open(file);
        } catch (CorruptBlockException damaged) {
            UnreadableBlock unreadable = UnreadableBlock.of(file);
            assertTrue(unreadable.fromNanos() <= unreadable.toNanos(), unreadable.toString());
            return;
        }
        try {
            read(block, ValueType.values()[(flags >>> 2) & 3]);
        } finally {
            block.release();
        }
    }

    private static void read(BlockFile block, ValueType otherwise) {
        BlockSet blocks = new BlockSet();
        blocks.add(block);
        StorageProblems problems = new StorageProblems();
        SeriesReader reader = new SeriesReader(blocks, problems);
        List<Series> series = new ArrayList<>();
        for (int entry = 0; entry < block.entryCount(); entry++) {
            int id = block.seriesId(entry);
            if (series.isEmpty() || series.get(series.size() - 1).id() != id) {
                series.add(new Series(id, "fuzz/s" + id, typeOf(block, entry, otherwise), SeriesMetadata.EMPTY));
            }
            block.firstEntry(id);
        }
        ReadDamage damage = new ReadDamage();
        for (Series one : series) {
            reader.read(one, Long.MIN_VALUE, Long.MAX_VALUE, List.of(), (t, bits, quality, text) -> {
            }, damage);
            int first = block.firstEntry(one.id());
            reader.read(one, block.minTime(first), block.maxTime(first), List.of(), (t, bits, quality, text) -> {
            }, damage);
        }
        reader.latest(series, List.of(), (s, t, bits, quality, text) -> {
        }, damage);
    }

    /** The value type the entry's chunk header names, when it names one. */
    private static ValueType typeOf(BlockFile block, int entry, ValueType otherwise) {
        if (block.chunkLength(entry) < ChunkDescriptor.MIN_CHUNK_LENGTH) {
            return otherwise;
        }
        ValueType type = ValueType.fromCode(block.buffer().getByte(block.chunkOffset(entry)
            + ChunkDescriptor.VALUE_TYPE_OFFSET) & 0xFF);
        return type == null ? otherwise : type;
    }

    /** Rewrites the trailer so that its footer is the one its entry and superseded counts size. */
    private static void pointTrailerAtFooter(byte[] bytes) {
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int trailer = bytes.length - TRAILER_LENGTH;
        if (trailer < HEADER_LENGTH + FOOTER_HEADER_LENGTH) {
            return;
        }
        // The footer ends at the trailer; find the start whose counts give exactly that length.
        for (int footer = trailer - FOOTER_HEADER_LENGTH; footer >= HEADER_LENGTH; footer--) {
            long entries = Integer.toUnsignedLong(file.getInt(footer + FOOTER_ENTRY_COUNT_OFFSET));
            long superseded = Integer.toUnsignedLong(file.getInt(footer + FOOTER_SUPERSEDED_COUNT_OFFSET));
            if (BlockDescriptor.footerLength(entries, superseded) == trailer - footer) {
                file.putLong(trailer + TRAILER_FOOTER_OFFSET_OFFSET, footer);
                file.putInt(trailer + TRAILER_FOOTER_LENGTH_OFFSET, trailer - footer);
                file.putLong(trailer + TRAILER_MAGIC_OFFSET, TRAILER_MAGIC);
                return;
            }
        }
    }

    /** Recomputes the header CRC, the CRC of each chunk the footer points at, and the footer CRC. */
    private static void fixChecksums(byte[] bytes) {
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length >= HEADER_LENGTH) {
            file.putInt(HEADER_CRC_OFFSET, crc32c(bytes, 0, HEADER_CRC_OFFSET));
        }
        int trailer = bytes.length - TRAILER_LENGTH;
        if (trailer < HEADER_LENGTH) {
            return;
        }
        long footerOffset = file.getLong(trailer + TRAILER_FOOTER_OFFSET_OFFSET);
        int footerLength = file.getInt(trailer + TRAILER_FOOTER_LENGTH_OFFSET);
        if (footerOffset < HEADER_LENGTH || footerLength < FOOTER_HEADER_LENGTH
            || footerOffset + footerLength > trailer) {
            return;
        }
        int footer = (int) footerOffset;
        int footerEnd = footer + footerLength;
        long entries = Integer.toUnsignedLong(file.getInt(footer + FOOTER_ENTRY_COUNT_OFFSET));
        for (int i = 0; i < entries && footer + FOOTER_HEADER_LENGTH + (i + 1L) * ENTRY_LENGTH <= footerEnd; i++) {
            int at = footer + FOOTER_HEADER_LENGTH + i * ENTRY_LENGTH;
            long chunk = file.getLong(at + ENTRY_CHUNK_OFFSET_OFFSET);
            int length = file.getInt(at + ENTRY_CHUNK_LENGTH_OFFSET);
            if (chunk >= HEADER_LENGTH && length >= ChunkDescriptor.CHECKSUM_LENGTH && chunk + length <= footer) {
                int crcAt = (int) chunk + length - ChunkDescriptor.CHECKSUM_LENGTH;
                file.putInt(crcAt, crc32c(bytes, (int) chunk, length - ChunkDescriptor.CHECKSUM_LENGTH));
            }
        }
        file.putInt(trailer + TRAILER_FOOTER_CRC_OFFSET, crc32c(bytes, footer, footerLength));
    }
}
