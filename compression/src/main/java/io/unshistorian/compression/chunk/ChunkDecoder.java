package io.unshistorian.compression.chunk;

import static io.unshistorian.compression.chunk.ChunkDescriptor.*;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import io.unshistorian.compression.codec.ByteCursor;
import io.unshistorian.compression.codec.CodecIds;
import io.unshistorian.compression.codec.CorruptColumnException;
import io.unshistorian.compression.codec.LongColumnCodec;
import io.unshistorian.compression.codec.LongColumnCodecs;

import org.agrona.DirectBuffer;

/**
 * Reads chunks written by {@link ChunkEncoder}. Every chunk is verified before its columns are
 * decoded: magic, version, declared length against the bytes available, and the CRC32C, so a
 * truncated or corrupted chunk fails with a {@link CorruptChunkException} naming its offset instead
 * of producing a wrong answer. Reusable and allocation-free per sample (a STRING chunk allocates its
 * distinct strings); not thread-safe.
 */
public final class ChunkDecoder {
    private final LongColumnCodecs codecs = new LongColumnCodecs();
    private final ChunkChecksum checksum = new ChunkChecksum();
    private final ChunkHeader header = new ChunkHeader();
    private final ByteCursor cursor = new ByteCursor();
    private final EntropyStage entropy = new EntropyStage();
    private byte[] stringBytes = new byte[64];

    /**
     * Checks the chunk at {@code offset}, of which at most {@code available} bytes exist, and returns
     * its header.
     *
     * @throws CorruptChunkException when it is truncated, fails its checksum or is malformed
     */
    public ChunkHeader verify(DirectBuffer src, int offset, int available) {
        if (available < MIN_V2_CHUNK_LENGTH) {
            throw new CorruptChunkException(offset, "truncated: " + available + " bytes, a chunk has at least "
                + MIN_V2_CHUNK_LENGTH);
        }
        short magic = src.getShort(offset + MAGIC_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (magic != MAGIC) {
            throw new CorruptChunkException(offset, String.format("bad magic 0x%04x, expected 0x%04x", magic, MAGIC));
        }
        ChunkHeader view = header.wrapPrefix(src, offset);
        if (view.version() != VERSION_1 && view.version() != VERSION_2) {
            throw new CorruptChunkException(offset, "unsupported chunk version " + view.version()
                + ", this build reads "
                + VERSION_1 + " and " + VERSION_2);
        }
        int minimum = view.version() == VERSION_1 ? MIN_CHUNK_LENGTH : MIN_V2_CHUNK_LENGTH;
        int length = view.length();
        if (length < minimum || length > available) {
            throw new CorruptChunkException(offset, "truncated or bad length: header says " + length + " bytes, "
                + available + " available");
        }
        int expected = src.getInt(offset + length - CHECKSUM_LENGTH, ByteOrder.LITTLE_ENDIAN);
        int actual = checksum.compute(src, offset, length - CHECKSUM_LENGTH);
        if (expected != actual) {
            throw new CorruptChunkException(offset, String.format("checksum mismatch: stored 0x%08x, computed 0x%08x",
                expected, actual));
        }
        try {
            view.parse(src, offset);
        } catch (CorruptColumnException e) {
            throw new CorruptChunkException(offset, e.getMessage(), e);
        }
        checkStructure(view, offset, length);
        return view;
    }

    private static void checkStructure(ChunkHeader view, int offset, int length) {
        if (view.valueType() == null) {
            throw new CorruptChunkException(offset, "unknown value type code " + view.valueTypeCode());
        }
        int count = view.count();
        if (count < 0 || count > MAX_SAMPLES) {
            throw new CorruptChunkException(offset, "sample count " + count + " outside [0, " + MAX_SAMPLES + "]");
        }
        long columns = (long) view.timestampLength() + view.valueLength() + view.qualityLength();
        if (view.timestampLength() < 0 || view.valueLength() < 0 || view.qualityLength() < 0
            || columns != offset + length - CHECKSUM_LENGTH - view.columnsOffset()) {
            throw new CorruptChunkException(offset, "column lengths " + view.timestampLength() + "+"
                + view.valueLength() + "+" + view.qualityLength() + " do not fill the chunk of " + length + " bytes");
        }
    }

    /**
     * The quality code every sample of a chunk that {@link #verify} just returned shares, or -1 when
     * they differ (or the column's codec does not say so cheaply): a run-length column of one run, or
     * a bit-packed one of width 0.
     */
    public long constantQuality(DirectBuffer src, ChunkHeader view) {
        int at = view.columnsOffset() + view.timestampLength() + view.valueLength();
        ByteCursor in = cursor.wrap(src, at, view.qualityLength(), "quality column");
        try {
            if (view.qualityCodec() == CodecIds.RUN_LENGTH) {
                long value = in.readSignedVarint();
                return in.readUnsignedVarint() == view.count() ? value : -1;
            }
            if (view.qualityCodec() == CodecIds.BIT_PACKED) {
                long min = in.readSignedVarint();
                return in.readUnsignedByte() == 0 ? min : -1;
            }
        } catch (CorruptColumnException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Verifies and decodes the chunk at {@code offset} into {@code into} (reset to the chunk's type).
     *
     * @return the chunk length in bytes
     */
    public int decode(DirectBuffer src, int offset, int available, SampleColumns into) {
        ChunkHeader view = verify(src, offset, available);
        int count = view.count();
        into.reset(view.valueType());
        into.size(count);
        int position = view.columnsOffset();
        try {
            decodeColumn(view.timestampCodec(), src, position, view.timestampLength(), count, into.timestamps(), offset);
            position += view.timestampLength();
            if (view.valueType() == ValueType.STRING) {
                decodeDictionary(view.valueCodec(), src, position, view.valueLength(), into, offset);
            } else {
                decodeColumn(view.valueCodec(), src, position, view.valueLength(), count, into.values(), offset);
            }
            position += view.valueLength();
            decodeColumn(view.qualityCodec(), src, position, view.qualityLength(), count, into.qualities(), offset);
        } catch (CorruptColumnException e) {
            throw new CorruptChunkException(offset, e.getMessage(), e);
        }
        return view.length();
    }

    private void decodeColumn(int codecId, DirectBuffer src, int position, int length, int count, long[] dst,
                              int chunkOffset) {
        if ((codecId & ENTROPY_FLAG) != 0) {
            DirectBuffer decoded = entropy.decompress(src, position, length);
            decodeColumn(codecId & ~ENTROPY_FLAG, decoded, 0, decoded.capacity(), count, dst, chunkOffset);
            return;
        }
        LongColumnCodec codec = codecs.byId(codecId);
        if (codec == null) {
            throw new CorruptChunkException(chunkOffset, "unknown codec id " + codecId + " at offset " + position);
        }
        codec.decode(src, position, length, count, dst);
    }

    private void decodeDictionary(int codecId, DirectBuffer src, int position, int length, SampleColumns into,
                                  int chunkOffset) {
        if ((codecId & ENTROPY_FLAG) != 0) {
            DirectBuffer decoded = entropy.decompress(src, position, length);
            decodeDictionary(codecId & ~ENTROPY_FLAG, decoded, 0, decoded.capacity(), into, chunkOffset);
            return;
        }
        if (codecId != CodecIds.DICTIONARY) {
            throw new CorruptChunkException(chunkOffset, "STRING column with codec id " + codecId
                + ", expected dictionary " + CodecIds.DICTIONARY);
        }
        ByteCursor in = cursor.wrap(src, position, length, "dictionary column");
        long entries = in.readUnsignedVarint();   // unsigned: above 2^63 - 1 it reads as negative
        if (entries < 0 || entries > in.remaining()) {
            throw new CorruptChunkException(chunkOffset, "dictionary claims " + Long.toUnsignedString(entries)
                + " entries in " + in.remaining() + " bytes");
        }
        StringDictionary dictionary = into.dictionary();
        for (long e = 0; e < entries; e++) {
            long byteLength = in.readUnsignedVarint();
            if (byteLength < 0 || byteLength > in.remaining()) {
                throw new CorruptChunkException(chunkOffset, "dictionary entry " + e + " of "
                    + Long.toUnsignedString(byteLength) + " bytes overruns the column");
            }
            int size = (int) byteLength;
            if (stringBytes.length < size) {
                stringBytes = new byte[Math.max(size, stringBytes.length * 2)];
            }
            src.getBytes(in.position(), stringBytes, 0, size);
            in.skip(size);
            dictionary.indexOf(new String(stringBytes, 0, size, StandardCharsets.UTF_8));
        }
        int indexCodec = in.readUnsignedByte();
        if ((indexCodec & ENTROPY_FLAG) != 0) {
            throw new CorruptChunkException(chunkOffset, "dictionary index column with codec id " + indexCodec
                + ": the entropy stage wraps whole columns only");
        }
        int indexStart = in.position();
        int count = into.size();
        decodeColumn(indexCodec, src, indexStart, position + length - indexStart, count, into.values(), chunkOffset);
        long[] indexes = into.values();
        for (int i = 0; i < count; i++) {
            if (indexes[i] < 0 || indexes[i] >= dictionary.size()) {
                throw new CorruptChunkException(chunkOffset, "dictionary index " + indexes[i] + " at sample " + i
                    + " outside [0, " + dictionary.size() + ")");
            }
        }
    }
}
