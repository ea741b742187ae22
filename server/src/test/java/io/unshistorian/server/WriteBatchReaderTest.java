package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;

import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link WriteBatchReader} against the generated parser and the API's column rules
 * ({@link ReferenceWriteMapping}): the same verdict (valid or not), batch id, paths, refused series
 * and samples, on random requests written every way protobuf allows (packed or not, fields in any
 * order and repeated, unknown fields of every wire type), with mismatched columns, and then cut
 * short, bit-flipped and spliced.
 */
class WriteBatchReaderTest {
    private static final String[] PATH_POOL = {"acme/line1/temp", "acme/line1/state", "acme/line2/count",
        "acme/ü/ä", "", "acme/line1/running"};

    private final WriteBatchReader reader = new WriteBatchReader();

    @Test
    void readsWhatTheGeneratedParserReads() throws IOException {
        long seed = SeededRandom.seed("WriteBatchReaderTest.readsWhatTheGeneratedParserReads");
        SplittableRandom random = SeededRandom.random(seed);
        int valid = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] bytes = request(random);
            String context = "trial " + trial + " " + SeededRandom.describe(seed);
            valid += check(bytes, context) ? 1 : 0;
            for (int mutation = 0; mutation < 4; mutation++) {
                check(mutate(bytes, random), context + " mutation " + mutation);
            }
        }
        assertEquals(3000, valid, "every unmutated request is valid");
    }

    @Test
    void refusesPathsAndStringsThatAreNotUtf8() throws IOException {
        ByteArrayOutputStream series = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(series);
        out.writeByteArray(1, new byte[] {'a', (byte) 0xC3, '/'});   // a cut two-byte sequence
        out.flush();
        assertMalformed(batchOf(series.toByteArray()));
        series.reset();
        out = CodedOutputStream.newInstance(series);
        out.writeString(1, "acme/ok");
        out.writeByteArray(7, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});   // a UTF-16 surrogate
        out.flush();
        assertMalformed(batchOf(series.toByteArray()));
    }

    @Test
    void aPathComesBackAsTheSameStringBatchAfterBatch() throws IOException {
        SplittableRandom random = new SplittableRandom(1);
        WriteBatch first = new WriteBatch();
        WriteBatch second = new WriteBatch();
        io.unshistorian.grpc.v1.WriteBatch wire = io.unshistorian.grpc.v1.WriteBatch.newBuilder()
            .addSeries(io.unshistorian.grpc.v1.SeriesSamples.newBuilder().setPath("acme/line1/temp")
                .setType(io.unshistorian.grpc.v1.ValueType.DOUBLE).addTimestampsNs(1).addDoubleValues(random.nextDouble()))
            .build();
        reader.read(wire.toByteArray(), first);
        String path = first.path(0);
        reader.read(wire.toByteArray(), second);
        assertSame(path, second.path(0));
    }

    private void assertMalformed(byte[] bytes) throws IOException {
        assertNull(ReferenceWriteMapping.map(bytes, new WriteBatch()), "the generated parser refuses it too");
        try {
            reader.read(bytes, new WriteBatch());
            fail("accepted a string that is not UTF-8");
        } catch (InvalidProtocolBufferException expected) {
            assertNotNull(expected.getMessage());
        }
    }

    private static byte[] batchOf(byte[] series) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(1, 7);
        out.writeByteArray(2, series);
        out.flush();
        return bytes.toByteArray();
    }

    /** Whether the bytes were valid; fails when the reader and the reference disagree in any way. */
    private boolean check(byte[] bytes, String context) {
        WriteBatch expectedBatch = new WriteBatch();
        WriteBatch actualBatch = new WriteBatch();
        ReferenceWriteMapping.Mapped expected = ReferenceWriteMapping.map(bytes, expectedBatch);
        try {
            reader.read(bytes, actualBatch);
        } catch (InvalidProtocolBufferException malformed) {
            assertNull(expected, context + ": refused bytes the generated parser reads: " + malformed.getMessage());
            return false;
        }
        assertNotNull(expected, context + ": read bytes the generated parser refuses");
        assertEquals(expected.batchId(), reader.batchId(), context);
        assertEquals(expected.origin(), reader.origin(), context);
        assertEquals(expected.originSequence(), reader.originSequence(), context);
        assertEquals(expected.paths(), reader.paths(), context);
        assertEquals(expected.rejection(), reader.rejection(), context);
        assertEquals(expectedBatch.size(), actualBatch.size(), context);
        for (int i = 0; i < expectedBatch.size(); i++) {
            String at = context + " sample " + i;
            assertEquals(expectedBatch.path(i), actualBatch.path(i), at);
            assertEquals(expectedBatch.type(i), actualBatch.type(i), at);
            assertEquals(expectedBatch.timestamp(i), actualBatch.timestamp(i), at);
            assertEquals(expectedBatch.valueBits(i), actualBatch.valueBits(i), at);
            assertEquals(expectedBatch.quality(i), actualBatch.quality(i), at);
            assertEquals(expectedBatch.stringValue(i), actualBatch.stringValue(i), at);
        }
        return true;
    }

    /** A random request, written field by field in one of the ways protobuf allows. */
    private static byte[] request(SplittableRandom random) throws IOException {
        List<byte[]> fields = new ArrayList<>();
        int series = random.nextInt(6);
        for (int s = 0; s < series; s++) {
            fields.add(field(2, WireFormat.WIRETYPE_LENGTH_DELIMITED, series(random)));
        }
        if (random.nextBoolean()) {
            fields.add(varintField(1, random.nextLong()));
        }
        if (random.nextInt(4) == 0) {
            fields.add(varintField(1, random.nextInt(1000)));   // a repeated singular field: the last wins
        }
        if (random.nextInt(3) == 0) {   // a forwarder's origin and sequence
            fields.add(stringField(3, random.nextInt(4) == 0 ? "" : "edge-" + random.nextInt(3)));
            fields.add(varintField(4, random.nextInt(4) == 0 ? -1 : random.nextLong(1L << 40)));
        }
        fields.addAll(unknownFields(random));
        // Series keep their order (it is the batch's), other fields go anywhere among them.
        return concat(interleave(fields, random));
    }

    private static byte[] series(SplittableRandom random) throws IOException {
        int type = random.nextInt(12) == 0 ? random.nextInt(6) : 1 + random.nextInt(4);
        int n = random.nextInt(8) == 0 ? 0 : random.nextInt(random.nextInt(10) == 0 ? 2000 : 12);
        int values = random.nextInt(15) == 0 ? Math.max(0, n + random.nextInt(3) - 1) : n;
        int qualityCount = random.nextInt(3) == 0 ? 0 : random.nextInt(15) == 0 ? Math.max(0, n - 1) : n;
        List<byte[]> fields = new ArrayList<>();
        if (random.nextInt(5) == 0) {
            fields.add(stringField(1, PATH_POOL[random.nextInt(PATH_POOL.length)]));   // overwritten below
        }
        fields.add(stringField(1, random.nextInt(6) == 0 ? "acme/r" + random.nextInt(100000)
            : PATH_POOL[random.nextInt(PATH_POOL.length)]));
        if (type != 0 || random.nextBoolean()) {
            fields.add(varintField(2, type));
        }
        long[] timestamps = new long[n];
        for (int i = 0; i < n; i++) {
            timestamps[i] = random.nextInt(10) == 0 ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE)
                : random.nextInt(4) == 0 ? -random.nextLong(1_000_000) : 1_767_225_600_000_000_000L + random.nextLong(1L << 40);
        }
        fields.addAll(column(3, timestamps, WireFormat.WIRETYPE_VARINT, false, random));
        int valueType = random.nextInt(8) == 0 ? 1 + random.nextInt(4) : type;   // sometimes a column of another type
        long[] column = new long[values];
        switch (valueType) {
            case 1 -> {
                for (int i = 0; i < values; i++) {
                    double[] specials = {Double.NaN, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.1};
                    column[i] = Double.doubleToRawLongBits(random.nextInt(5) == 0 ? specials[random.nextInt(5)]
                        : random.nextGaussian() * 1e3);
                }
                fields.addAll(column(4, column, WireFormat.WIRETYPE_FIXED64, false, random));
            }
            case 2 -> {
                for (int i = 0; i < values; i++) {
                    column[i] = random.nextInt(5) == 0 ? (random.nextBoolean() ? Long.MIN_VALUE : Long.MAX_VALUE)
                        : random.nextLong(-1000, 1000);
                }
                fields.addAll(column(5, column, WireFormat.WIRETYPE_VARINT, true, random));
            }
            case 3 -> {
                for (int i = 0; i < values; i++) {
                    column[i] = random.nextInt(2);
                }
                fields.addAll(column(6, column, WireFormat.WIRETYPE_VARINT, false, random));
            }
            case 4 -> {
                for (int i = 0; i < values; i++) {
                    fields.add(stringField(7, random.nextInt(8) == 0 ? "" : "state-" + random.nextInt(10) + "✓"));
                }
            }
            default -> {
            }
        }
        long[] qualities = new long[qualityCount];
        for (int i = 0; i < qualityCount; i++) {
            qualities[i] = random.nextInt(3) == 0 ? 0 : random.nextBoolean() ? 0x8000_0000L : random.nextInt();
        }
        fields.addAll(column(8, qualities, WireFormat.WIRETYPE_VARINT, false, random));
        fields.addAll(unknownFields(random));
        return concat(interleaveColumns(fields, random));
    }

    /** A repeated scalar field: packed (in one run or several) or one field per element. */
    private static List<byte[]> column(int field, long[] values, int elementWireType, boolean zigzag,
                                       SplittableRandom random) throws IOException {
        List<byte[]> fields = new ArrayList<>();
        if (values.length == 0) {
            if (random.nextInt(4) == 0) {
                fields.add(field(field, WireFormat.WIRETYPE_LENGTH_DELIMITED, new byte[0]));   // an empty packed run
            }
            return fields;
        }
        int mode = random.nextInt(4);
        int run = mode == 0 ? 1 : mode == 1 ? values.length : 1 + random.nextInt(values.length);
        for (int from = 0; from < values.length; from += run) {
            int to = Math.min(values.length, from + run);
            if (mode == 0) {
                for (int i = from; i < to; i++) {
                    fields.add(element(field, elementWireType, values[i], zigzag));
                }
            } else {
                ByteArrayOutputStream packed = new ByteArrayOutputStream();
                CodedOutputStream out = CodedOutputStream.newInstance(packed);
                for (int i = from; i < to; i++) {
                    writeElement(out, elementWireType, values[i], zigzag);
                }
                out.flush();
                fields.add(field(field, WireFormat.WIRETYPE_LENGTH_DELIMITED, packed.toByteArray()));
            }
        }
        return fields;
    }

    private static byte[] element(int field, int wireType, long value, boolean zigzag) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeTag(field, wireType);
        writeElement(out, wireType, value, zigzag);
        out.flush();
        return bytes.toByteArray();
    }

    private static void writeElement(CodedOutputStream out, int wireType, long value, boolean zigzag)
        throws IOException {
        if (wireType == WireFormat.WIRETYPE_FIXED64) {
            out.writeFixed64NoTag(value);
        } else if (zigzag) {
            out.writeSInt64NoTag(value);
        } else {
            out.writeUInt64NoTag(value);
        }
    }

    /** Fields this version does not know, of every wire type, and a known field of the wrong wire type. */
    private static List<byte[]> unknownFields(SplittableRandom random) throws IOException {
        List<byte[]> fields = new ArrayList<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            int field = random.nextInt(4) == 0 ? 1 + random.nextInt(8) : 20 + random.nextInt(1000);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            switch (random.nextInt(5)) {
                case 0 -> out.writeUInt64(field, random.nextLong());
                case 1 -> out.writeFixed32(field, random.nextInt());
                case 2 -> out.writeFixed64(field, random.nextLong());
                case 3 -> {
                    out.writeTag(field, WireFormat.WIRETYPE_START_GROUP);
                    out.writeUInt64(field + 1, random.nextLong());
                    out.writeTag(field, WireFormat.WIRETYPE_END_GROUP);
                }
                default -> out.writeByteArray(field, ("x" + random.nextInt()).getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            byte[] encoded = bytes.toByteArray();
            // A known field with a wire type it does not have is skipped as unknown; but a varint or
            // length-delimited known field here would change the message, so only odd types are kept.
            if (field <= 8 && !(encoded[0] == (byte) (field << 3 | 1) || encoded[0] == (byte) (field << 3 | 5)
                || encoded[0] == (byte) (field << 3 | 3))) {
                continue;
            }
            fields.add(encoded);
        }
        return fields;
    }

    private static byte[] field(int field, int wireType, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeTag(field, wireType);
        out.writeUInt32NoTag(payload.length);
        out.writeRawBytes(payload);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] varintField(int field, long value) throws IOException {
        return element(field, WireFormat.WIRETYPE_VARINT, value, false);
    }

    private static byte[] stringField(int field, String value) throws IOException {
        return field(field, WireFormat.WIRETYPE_LENGTH_DELIMITED, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Shuffles fields, keeping the order among the fields of each repeated field that carries order. */
    private static List<byte[]> interleave(List<byte[]> fields, SplittableRandom random) {
        List<byte[]> series = new ArrayList<>();
        List<byte[]> others = new ArrayList<>();
        for (byte[] field : fields) {
            (field[0] == (byte) (2 << 3 | 2) ? series : others).add(field);
        }
        return merge(series, others, random);
    }

    /** In a series, the last path must stay last among paths, and each column's runs keep their order. */
    private static List<byte[]> interleaveColumns(List<byte[]> fields, SplittableRandom random) {
        if (random.nextBoolean()) {
            return fields;
        }
        // Rotate whole groups of fields of one number, which keeps each number's own order.
        List<List<byte[]>> groups = new ArrayList<>();
        int previous = -1;
        for (byte[] field : fields) {
            int number = (field[0] & 0x7F) >>> 3;
            if (number != previous) {
                groups.add(new ArrayList<>());
                previous = number;
            }
            groups.get(groups.size() - 1).add(field);
        }
        Collections.rotate(groups, random.nextInt(groups.size()));
        List<byte[]> out = new ArrayList<>();
        groups.forEach(out::addAll);
        return out;
    }

    private static List<byte[]> merge(List<byte[]> ordered, List<byte[]> others, SplittableRandom random) {
        List<byte[]> out = new ArrayList<>(ordered);
        for (byte[] field : others) {
            out.add(random.nextInt(out.size() + 1), field);
        }
        return out;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        parts.forEach(bytes::writeBytes);
        return bytes.toByteArray();
    }

    private static byte[] mutate(byte[] bytes, SplittableRandom random) {
        if (bytes.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        byte[] out = bytes.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 1 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
            case 2 -> out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            default -> {
                int at = random.nextInt(out.length);
                int length = Math.min(out.length - at, 1 + random.nextInt(8));
                System.arraycopy(bytes, random.nextInt(bytes.length - length + 1), out, at, length);
            }
        }
        return out;
    }
}
