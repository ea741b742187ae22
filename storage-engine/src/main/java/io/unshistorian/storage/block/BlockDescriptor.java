package io.unshistorian.storage.block;

/**
 * Byte layout of a block file: the chunks of many series for one time partition, written once and
 * never changed. Little-endian. Full specification: {@code docs/format/blocks.md}.
 *
 * <pre>
 *  header (48 bytes)
 *    0  u32 magic 0x4B4C4255 ("UBLK")      4  u16 version 1     6  u16 level (0 = flushed head)
 *    8  i64 generation                     16 i64 partition start (epoch ns)
 *   24  i64 partition width (ns)           32 i64 created (epoch ms)
 *   40  u32 CRC32C of bytes 0..39          44 u32 reserved
 *  chunks, back to back (docs/format/chunk.md), each with its own CRC32C
 *  footer
 *    u32 entry count n, u32 superseded count s,
 *    n x entry (40 bytes): i32 series id (>= 0), u32 sample count, u64 chunk offset, u32 chunk length,
 *                          u32 reserved, i64 min time, i64 max time
 *                          (sorted by series id; a series' chunks in time order)
 *    s x i64 generation this block replaces (a merge's inputs and, transitively, what they replaced)
 *  trailer (24 bytes, at the end of the file)
 *    u64 footer offset, u32 footer length, u32 CRC32C of the footer, u64 magic "UHBLKEND"
 * </pre>
 */
public final class BlockDescriptor {
    public static final int MAGIC = 0x4B4C_4255;
    public static final short VERSION = 1;
    public static final int HEADER_LENGTH = 48;
    public static final int HEADER_CRC_OFFSET = 40;
    public static final int ENTRY_LENGTH = 40;
    public static final int FOOTER_HEADER_LENGTH = 8;
    public static final int TRAILER_LENGTH = 24;
    /** "UHBLKEND" as a little-endian long. */
    public static final long TRAILER_MAGIC = 0x444E_454B_4C42_4855L;
    /** Largest block file: it is mapped whole into one buffer. */
    public static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;

    public static final String SUFFIX = ".blk";
    public static final String TEMPORARY_SUFFIX = ".blk.tmp";

    private BlockDescriptor() {
    }

    /** The generation in a block file name, or -1 when the name is not one. */
    public static long generationOf(String fileName) {
        if (!fileName.startsWith("block-") || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(fileName.substring(6, fileName.length() - SUFFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** File name of the block with {@code generation}: {@code block-<20 digits>.blk}. */
    public static String fileName(long generation) {
        return String.format("block-%020d%s", generation, SUFFIX);
    }
}
