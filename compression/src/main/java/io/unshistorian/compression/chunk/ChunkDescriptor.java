package io.unshistorian.compression.chunk;

/**
 * Byte layout of a chunk: the samples of one series, three encoded columns and a checksum. All
 * fixed-width fields are little-endian. The full specification is {@code docs/format/chunk.md}.
 *
 * <p>Version 2 (written): the first 8 bytes as in version 1 (the type byte also carries flags), then
 * a header of varints, statistics only when the chunk has them, and a CRC32C:
 * <pre>
 *   u16 magic, u8 version 2, u8 value type | flags, u32 length
 *   varint count, zigzag varint min time, varint (max time - min time)
 *   [5 x 64-bit words min, max, sum, first, last]          when flags has {@link #STATISTICS_FLAG}
 *   u8 timestamp codec, u8 value codec, u8 quality codec   (bit 7: {@link #ENTROPY_FLAG})
 *   varint timestamp length, varint value length           (quality: the rest)
 *   columns, u32 CRC32C
 * </pre>
 *
 * <p>Version 1 (still read):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |     magic 0x4355 ("UC")       |   version     |  value type   |  0
 *  +-------------------------------+---------------+---------------+
 *  |                  chunk length (bytes, incl. CRC)              |  4
 *  +---------------------------------------------------------------+
 *  |                         sample count                          |  8
 *  +---------------------------------------------------------------+
 *  |            aggregatable count (Good quality, not NaN)         | 12
 *  +---------------------------------------------------------------+
 *  |                    min timestamp (epoch ns)                   | 16
 *  |                    max timestamp (epoch ns)                   | 24
 *  |                     min value (typed, 64 bits)                | 32
 *  |                     max value (typed, 64 bits)                | 40
 *  |                         sum (f64)                             | 48
 *  |                    first value (typed, 64 bits)               | 56
 *  |                     last value (typed, 64 bits)               | 64
 *  +---------------+---------------+---------------+---------------+
 *  | ts codec id   | value codec id| quality codec | reserved (0)  | 72
 *  +---------------+---------------+---------------+---------------+
 *  |                   timestamp column length                     | 76
 *  |                     value column length                       | 80
 *  |                    quality column length                      | 84
 *  +---------------------------------------------------------------+
 *  |     timestamp column | value column | quality column          | 88
 *  +---------------------------------------------------------------+
 *  |              CRC32C of every byte before it                   | length - 4
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class ChunkDescriptor {
    /** The two bytes 'U' 'C' read as a little-endian short. */
    public static final short MAGIC = 0x4355;
    /** The first version: a fixed 88-byte header, still read. */
    public static final byte VERSION_1 = 1;
    /** The compact version this code writes. */
    public static final byte VERSION_2 = 2;
    /** The format version this code writes. */
    public static final byte VERSION = VERSION_2;

    /** Version 2: the value type code is the low four bits of byte 3. */
    public static final int VALUE_TYPE_MASK = 0x0F;
    /** Version 2, byte 3: min, max, sum, first and last follow the time range, covering every sample. */
    public static final int STATISTICS_FLAG = 0x10;
    /** Version 2, a codec id byte: the column is a varint decoded length then a zstd frame of those bytes. */
    public static final int ENTROPY_FLAG = 0x80;
    /** Version 2: bytes of the statistics (five 64-bit words). */
    public static final int STATISTICS_LENGTH = 40;
    /** Version 2: the fixed prefix (magic, version, type and flags, length). */
    public static final int FIXED_PREFIX_LENGTH = 8;
    /** Version 2: the smallest chunk (prefix, one byte per varint, three codec ids, CRC). */
    public static final int MIN_V2_CHUNK_LENGTH = FIXED_PREFIX_LENGTH + 3 + 3 + 2 + 4;

    // Offsets: the first four are shared by both versions, the rest are version 1's fixed header.
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int VALUE_TYPE_OFFSET = 3;
    public static final int LENGTH_OFFSET = 4;
    public static final int COUNT_OFFSET = 8;
    public static final int AGGREGATABLE_COUNT_OFFSET = 12;
    public static final int MIN_TIME_OFFSET = 16;
    public static final int MAX_TIME_OFFSET = 24;
    public static final int MIN_VALUE_OFFSET = 32;
    public static final int MAX_VALUE_OFFSET = 40;
    public static final int SUM_OFFSET = 48;
    public static final int FIRST_VALUE_OFFSET = 56;
    public static final int LAST_VALUE_OFFSET = 64;
    public static final int TIMESTAMP_CODEC_OFFSET = 72;
    public static final int VALUE_CODEC_OFFSET = 73;
    public static final int QUALITY_CODEC_OFFSET = 74;
    public static final int RESERVED_OFFSET = 75;
    public static final int TIMESTAMP_LENGTH_OFFSET = 76;
    public static final int VALUE_LENGTH_OFFSET = 80;
    public static final int QUALITY_LENGTH_OFFSET = 84;
    public static final int HEADER_LENGTH = 88;
    public static final int CHECKSUM_LENGTH = 4;
    /** Version 1: the smallest chunk (its fixed header and the CRC). */
    public static final int MIN_CHUNK_LENGTH = HEADER_LENGTH + CHECKSUM_LENGTH;

    /** Most samples one chunk may hold; bounds what a decoder allocates for a chunk it reads. */
    public static final int MAX_SAMPLES = 1 << 22;

    private ChunkDescriptor() {
    }
}
