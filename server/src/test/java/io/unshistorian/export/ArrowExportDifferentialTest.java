package io.unshistorian.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.Sample;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.write.WriteBatch;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long raw layout against the query engine's own raw read, on random data: every value type,
 * NaN, -0.0, infinities, extreme longs, random quality codes, equal timestamps (last write wins),
 * a series with nothing in range, samples in compacted blocks, late rewrites and the head. Compared
 * bit for bit through the exporter at several batch sizes, an IPC file and a Flight stream.
 */
class ArrowExportDifferentialTest {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void rawExportsMatchTheEnginesRawReadOnRandomData() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (Historian historian = Historian.open(dir.resolve("data"),
                 StorageOptions.builder().backgroundCompaction(false).build());
             BufferAllocator allocator = new RootAllocator()) {
            write(historian, random);
            List<ExportQuery> queries = List.of(
                ExportQuery.raw(T0 - 10 * SECOND, T0 + 400_000 * SECOND, "d/#"),
                ExportQuery.raw(T0 + random.nextInt(50_000) * SECOND, T0 + 250_000 * SECOND, "d/#"),
                ExportQuery.raw(T0, T0 + 400_000 * SECOND, "d/double/#"),
                ExportQuery.raw(T0, T0 + 400_000 * SECOND, "d/string/+", "d/bool/+"),
                ExportQuery.raw(T0, T0 + 400_000 * SECOND, "d/none/#"));
            for (ExportQuery query : queries) {
                List<String> expected = expected(historian, query);
                String context = "seed=" + seed + " query=" + new String(query.toBytes());
                for (int batchRows : new int[] {1, 7, 1_000, ArrowFiles.BATCH_ROWS}) {
                    List<String> actual = new ArrayList<>();
                    try (ArrowExporter exporter = new ArrowExporter(historian, query, allocator, batchRows)) {
                        exporter.run(root -> rows(root, exporter.dictionaries(), actual));
                    }
                    assertEquals(expected, actual, context + " batchRows=" + batchRows);
                }
                assertEquals(expected, viaFile(historian, query, allocator), context + " IPC file");
                assertEquals(expected, viaStream(historian, query, allocator), context + " IPC stream");
                assertEquals(expected, viaFlight(historian, query, allocator), context + " Flight");
            }
        }
    }

    @Test
    void theRawSchemaHasTheValueColumnsOfTheSelectedTypesOnly() throws Exception {
        try (Historian historian = Historian.open(dir.resolve("data"),
                 StorageOptions.builder().backgroundCompaction(false).build());
             BufferAllocator allocator = new RootAllocator()) {
            write(historian, new Random(1));
            assertEquals(List.of("path", "timestamp", "value_double", "quality"),
                columns(historian, allocator, "d/double/#"));
            assertEquals(List.of("path", "timestamp", "value_bool", "value_string", "quality"),
                columns(historian, allocator, "d/string/#", "d/bool/#"));
            assertEquals(List.of("path", "timestamp", "value_double", "value_long", "value_bool", "value_string",
                "quality"), columns(historian, allocator, "d/#"));
            assertEquals(List.of("path", "timestamp", "quality"), columns(historian, allocator, "nothing/#"));
        }
    }

    private static List<String> columns(Historian historian, BufferAllocator allocator, String... filters) {
        try (ArrowExporter exporter = new ArrowExporter(historian, ExportQuery.raw(T0, T0 + SECOND, filters),
            allocator, 1)) {
            return exporter.schema().getFields().stream().map(Field::getName).toList();
        }
    }

    private static void write(Historian historian, Random random) throws Exception {
        String[] paths = {"d/double/a", "d/double/b", "d/long/a", "d/bool/a", "d/string/a", "d/string/b"};
        ValueType[] types = {ValueType.DOUBLE, ValueType.DOUBLE, ValueType.LONG, ValueType.BOOLEAN,
            ValueType.STRING, ValueType.STRING};
        for (int round = 0; round < 3; round++) {
            WriteBatch batch = new WriteBatch();
            for (int s = 0; s < paths.length; s++) {
                int samples = round == 0 ? 20_000 + random.nextInt(5_000) : random.nextInt(300);
                for (int i = 0; i < samples; i++) {
                    // round 0 in order with repeats; later rounds rewrite random earlier times (late data)
                    long t = T0 + (round == 0 ? i * 10L - random.nextInt(2) * 10L : random.nextInt(300_000)) * SECOND;
                    add(batch, paths[s], types[s], t, random);
                }
            }
            batch.addDouble("d/none/outside", T0 - 3_600 * SECOND, 1.0);   // a series with nothing in range
            historian.write(batch);
            if (round < 2) {
                historian.compactNow();   // round 2 stays in the head
            }
        }
    }

    private static void add(WriteBatch batch, String path, ValueType type, long t, Random random) {
        int quality = random.nextInt(4) == 0 ? random.nextInt() : 0;
        switch (type) {
            case DOUBLE:
                double[] special = {Double.NaN, -0.0, 0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                    Double.MIN_VALUE, Double.MAX_VALUE};
                batch.addDouble(path, t, random.nextInt(8) == 0 ? special[random.nextInt(special.length)]
                    : Math.round(random.nextGaussian() * 1e4) / 100.0, quality);
                break;
            case LONG:
                long[] extremes = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1};
                batch.addLong(path, t, random.nextInt(8) == 0 ? extremes[random.nextInt(4)] : random.nextLong(),
                    quality);
                break;
            case BOOLEAN:
                batch.addBoolean(path, t, random.nextBoolean(), quality);
                break;
            default:
                batch.addString(path, t, random.nextInt(10) == 0 ? "" : "état-" + random.nextInt(5), quality);
                break;
        }
    }

    /** The engine's raw read of every selected series, in selection order, as the rows should be. */
    private static List<String> expected(Historian historian, ExportQuery query) {
        List<String> rows = new ArrayList<>();
        List<Series> selected = historian.query().select(
            io.unshistorian.query.Selection.of(query.filters().toArray(new String[0])));
        for (Series one : selected) {
            for (Sample sample : historian.readRaw(one.path(), query.start(), query.end())) {
                String value = one.type() == ValueType.STRING ? sample.text() : Long.toString(sample.valueBits());
                rows.add(one.path() + "|" + sample.timestampNanos() + "|" + RawRows.valueColumn(one.type()) + "="
                    + value + "|" + Integer.toUnsignedString(sample.quality()));
            }
        }
        return rows;
    }

    /** A batch's rows in the form of {@link #expected}: the one non-null value column, values as raw bits. */
    private static void rows(VectorSchemaRoot root, DictionaryProvider dictionaries, List<String> out) {
        FieldVector path = root.getVector("path");
        VarCharVector paths = (VarCharVector) dictionaries.lookup(path.getField().getDictionary().getId()).getVector();
        BaseFixedWidthVector time = (BaseFixedWidthVector) root.getVector("timestamp");
        BaseFixedWidthVector quality = (BaseFixedWidthVector) root.getVector("quality");
        for (int r = 0; r < root.getRowCount(); r++) {
            StringBuilder row = new StringBuilder();
            row.append(new String(paths.get(((BaseFixedWidthVector) path).getDataBuffer().getInt(r * 4L)),
                java.nio.charset.StandardCharsets.UTF_8));
            row.append('|').append(time.getDataBuffer().getLong(r * 8L));
            int set = 0;
            for (Field field : root.getSchema().getFields()) {
                if (!field.getName().startsWith("value_") || root.getVector(field.getName()).isNull(r)) {
                    continue;
                }
                set++;
                FieldVector vector = root.getVector(field.getName());
                String value = vector instanceof VarCharVector ? vector.getObject(r).toString()
                    : vector instanceof BitVector ? Integer.toString(((BitVector) vector).get(r))
                    : Long.toString(((BaseFixedWidthVector) vector).getDataBuffer().getLong(r * 8L));
                row.append('|').append(field.getName()).append('=').append(value);
            }
            assertEquals(1, set, "exactly one value column set in row " + r);
            assertEquals(false, path.isNull(r) || time.isNull(r) || quality.isNull(r));
            row.append('|').append(Integer.toUnsignedString(quality.getDataBuffer().getInt(r * 4L)));
            out.add(row.toString());
        }
    }

    private List<String> viaFile(Historian historian, ExportQuery query, BufferAllocator allocator) throws Exception {
        Path file = dir.resolve("export.arrow");
        ArrowFiles.write(historian, query, allocator, file, false, written -> { });
        List<String> rows = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            while (reader.loadNextBatch()) {
                rows(reader.getVectorSchemaRoot(), reader, rows);
            }
        }
        return rows;
    }

    private List<String> viaStream(Historian historian, ExportQuery query, BufferAllocator allocator)
        throws Exception {
        Path file = dir.resolve("export.arrows");
        ArrowFiles.write(historian, query, allocator, file, true, written -> { });
        List<String> rows = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(file);
             ArrowStreamReader reader = new ArrowStreamReader(channel, allocator)) {
            while (reader.loadNextBatch()) {
                rows(reader.getVectorSchemaRoot(), reader, rows);
            }
        }
        return rows;
    }

    @SuppressWarnings("try")   // FlightStream.close() declares InterruptedException
    private static List<String> viaFlight(Historian historian, ExportQuery query, BufferAllocator allocator)
        throws Exception {
        List<String> rows = new ArrayList<>();
        try (HistorianFlightServer server = HistorianFlightServer.start(historian, "127.0.0.1", 0, false);
             FlightClient client = FlightClient.builder(allocator,
                 Location.forGrpcInsecure("127.0.0.1", server.port())).build()) {
            FlightInfo info = client.getInfo(FlightDescriptor.command(query.toBytes()));
            assertNotNull(info.getSchemaOptional().orElse(null));
            try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
                while (stream.next()) {
                    rows(stream.getRoot(), stream.getDictionaryProvider(), rows);
                }
            }
        }
        return rows;
    }
}
