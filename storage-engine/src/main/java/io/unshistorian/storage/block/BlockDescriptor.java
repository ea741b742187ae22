package io.unshistorian.storage.block;

/**
 * Byte layout of a block file, declared once: the chunks of many series for one time partition,
 * written once and never changed. Little-endian. Reader ({@link BlockFile}) and writer
 * ({@link BlockFileWriter}) both address fields by these offsets. Full specification:
 * {@code docs/format/blocks.md}.
 *
 * <pre>
 *  header (48 bytes, at offset 0)
 *    0  u32 magic 0x4B4C4255 ("UBLK")      4  u16 version 2 (1 read)    6  u16 level (0 = flushed head)
 *    8  i64 generation                     16 i64 partition start (epoch ns)
 *   24  i64 partition width (ns)           32 i64 created (epoch ms)
 *   40  u32 CRC32C of bytes 0..39          44 u32 flags (version 2; reserved in 1)
 *  chunks, back to back (docs/format/chunk.md), each with its own CRC32C
 *  footer
 *    0  u32 entry count n                  4  u32 superseded count s
 *    8  n x entry (40 bytes each):
 *         0 i32 series id (>= 0)     4 u32 sample count     8 u64 chunk offset    16 u32 chunk length
 *        20 u32 reserved            24 i64 min time        32 i64 max time
 *         (sorted by series id; a series' chunks in time order)
 *       s x i64 generation this block replaces (a merge's inputs and, transitively, what they replaced)
 *  trailer (24 bytes, at the end of the file)
 *    0  u64 footer offset     8  u32 footer length     12 u32 CRC32C of the footer     16 u64 magic "UHBLKEND"
 * </pre>
 */
public final class BlockDescriptor {
    public static final int MAGIC = 0x4B4C_4255;
    /** The first version: every chunk is a version 1 chunk, every block of a directory one partition width. */
    public static final short VERSION_1 = 1;
    /**
     * Written now: chunks of version 1 or 2, and a partition width that is any whole multiple of the
     * directory's (a tier of merged partitions). Same layout as version 1.
     */
    public static final short VERSION = 2;

    public static final int HEADER_LENGTH = 48;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int LEVEL_OFFSET = 6;
    public static final int GENERATION_OFFSET = 8;
    public static final int PARTITION_START_OFFSET = 16;
    public static final int PARTITION_WIDTH_OFFSET = 24;
    public static final int CREATED_OFFSET = 32;
    /** The header CRC covers bytes [0, HEADER_CRC_OFFSET). */
    public static final int HEADER_CRC_OFFSET = 40;
    /**
     * Version 2: flags (version 1: reserved, 0). Outside the header CRC, as the reserved field was: a
     * flag only steers compaction (at worst a block is rewritten once more or once less), never reads.
     */
    public static final int HEADER_FLAGS_OFFSET = 44;
    /** Flag: the chunks were encoded with the entropy stage tried (a cold block: no rewrite needed). */
    public static final int FLAG_ENTROPY_STAGE = 1;

    public static final int FOOTER_HEADER_LENGTH = 8;
    public static final int FOOTER_ENTRY_COUNT_OFFSET = 0;
    public static final int FOOTER_SUPERSEDED_COUNT_OFFSET = 4;

    public static final int ENTRY_LENGTH = 40;
    public static final int ENTRY_SERIES_ID_OFFSET = 0;
    public static final int ENTRY_SAMPLE_COUNT_OFFSET = 4;
    public static final int ENTRY_CHUNK_OFFSET_OFFSET = 8;
    public static final int ENTRY_CHUNK_LENGTH_OFFSET = 16;
    public static final int ENTRY_RESERVED_OFFSET = 20;
    public static final int ENTRY_MIN_TIME_OFFSET = 24;
    public static final int ENTRY_MAX_TIME_OFFSET = 32;
    public static final int SUPERSEDED_LENGTH = 8;

    public static final int TRAILER_LENGTH = 24;
    public static final int TRAILER_FOOTER_OFFSET_OFFSET = 0;
    public static final int TRAILER_FOOTER_LENGTH_OFFSET = 8;
    public static final int TRAILER_FOOTER_CRC_OFFSET = 12;
    public static final int TRAILER_MAGIC_OFFSET = 16;
    /** "UHBLKEND" as a little-endian long. */
    public static final long TRAILER_MAGIC = 0x444E_454B_4C42_4855L;

    /** Largest block file: it is mapped whole into one buffer. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    public static final String SUFFIX = ".blk";
    public static final String TEMPORARY_SUFFIX = ".blk.tmp";
    private static final String PREFIX = "block-";

    private BlockDescriptor() {
    }

    /** Offset of footer entry {@code index} from the start of the footer. */
    public static int entryOffset(int index) {
        return FOOTER_HEADER_LENGTH + index * ENTRY_LENGTH;
    }

    /** Offset of superseded generation {@code index} from the start of a footer with {@code entries} entries. */
    public static int supersededOffset(int entries, int index) {
        return entryOffset(entries) + index * SUPERSEDED_LENGTH;
    }

    /** The length of a footer with {@code entries} entries and {@code superseded} generations. */
    public static long footerLength(long entries, long superseded) {
        return FOOTER_HEADER_LENGTH + entries * ENTRY_LENGTH + superseded * SUPERSEDED_LENGTH;
    }

    /** The generation in a block file name, or -1 when the name is not one. */
    public static long generationOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** File name of the block with {@code generation}: {@code block-<20 digits>.blk}. */
    public static String fileName(long generation) {
        return String.format("%s%020d%s", PREFIX, generation, SUFFIX);
    }

    /** Temporary name a block is written under before it is committed. */
    public static String temporaryFileName(long generation) {
        return String.format("%s%020d%s", PREFIX, generation, TEMPORARY_SUFFIX);
    }
}
