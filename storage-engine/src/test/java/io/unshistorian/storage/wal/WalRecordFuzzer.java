package io.unshistorian.storage.wal;

import static io.unshistorian.storage.FuzzFiles.crc32c;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.unshistorian.testkit.FuzzCorpus;
import io.unshistorian.storage.FuzzFiles;
import io.unshistorian.storage.StorageProblems;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): a WAL cycle file of arbitrary bytes, read as open and
 * {@code historian verify} read it — by {@link WalFileScanner}, which trusts nothing of Chronicle
 * Queue's structures, and {@link WalRecordReader} for each record — and every field of every record
 * it hands out read back. Any input gives records and damage reports; nothing escapes the scan (no
 * index, size or arithmetic exception, no allocation a length field made huge, no endless resync).
 *
 * <p>Input: one flag byte, then the file. Flag bit 0 walks the file's documents (4-byte length
 * headers, 4-byte aligned) and recomputes the checksums of each version 2 record (payload and
 * header CRC32C) and version 1 record (trailing CRC32C) in them, so mutations reach the count, the
 * string list and the resynchronisation instead of dying at a checksum.
 */
class WalRecordFuzzer {
    private static final int LENGTH_MASK = 0x3FFF_FFFF;
    private static final int METADATA = 0x4000_0000;

    private static Path directory;
    private final WalFileScanner scanner = new WalFileScanner(new StorageProblems());

    @BeforeAll
    static void setUp() throws IOException {
        FuzzCorpus.perTarget(WalRecordFuzzer.class);
        directory = Files.createTempDirectory("wal-fuzz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        FuzzFiles.delete(directory);
    }

    @FuzzTest(maxDuration = "10s")
    void scan(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] bytes = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) != 0) {
            fixChecksums(bytes);
        }
        Path file = directory.resolve("20260102-0000V.cq4");
        Files.write(file, bytes);
        long[] seen = {0, -1};
        WalFileScanner.Summary summary = scanner.scan(file, (record, position, ordinal) -> {
            assertTrue(position >= seen[1] && position < bytes.length, "record at " + position);
            seen[1] = position;
            seen[0]++;
            record.sequence();
            int count = record.count();
            assertTrue(count >= 0, "count " + count);
            for (int i = 0; i < count; i++) {
                record.seriesId(i);
                record.timestamp(i);
                record.quality(i);
                record.string(record.value(i));
            }
        });
        assertEquals(seen[0], summary.records());
    }

    /** Recomputes the checksums of the records in the documents the 4-byte length headers chain. */
    private static void fixChecksums(byte[] bytes) {
        ByteBuffer file = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int position = 0;
        while (position + 4 <= bytes.length) {
            int header = file.getInt(position);
            int length = header & LENGTH_MASK;
            int start = position + 4;
            if (header == 0 || length > bytes.length - start) {
                position += 4;
                continue;
            }
            if ((header & METADATA) == 0) {
                fixRecord(file, bytes, start, length);
            }
            position = (start + length + 3) & ~3;
        }
    }

    private static void fixRecord(ByteBuffer file, byte[] bytes, int start, int length) {
        byte version = length > 0 ? bytes[start] : 0;
        if (version == WalRecord.VERSION && length >= WalRecord.MIN_LENGTH) {
            file.putInt(start + WalRecord.PAYLOAD_CRC_OFFSET, crc32c(bytes, start + WalRecord.HEADER_LENGTH,
                length - WalRecord.HEADER_LENGTH));
            file.putInt(start + WalRecord.HEADER_CRC_OFFSET, crc32c(bytes, start, WalRecord.HEADER_CRC_OFFSET));
        } else if (version == WalRecord.VERSION_1 && length >= WalRecord.MIN_LENGTH_V1) {
            int crcAt = start + length - WalRecord.CRC_BYTES;
            file.putInt(crcAt, crc32c(bytes, start, length - WalRecord.CRC_BYTES));
        }
    }
}
