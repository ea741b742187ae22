package io.unshistorian.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips through a real Arrow Flight client for every layout and value type, and an IPC file
 * read back by a reader that is not Arrow Java (the JavaScript {@code apache-arrow} package under
 * node).
 */
class ArrowExportTest {
    static final long T0 = 1_767_225_600_000_000_000L;
    static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private Historian historian;
    private HistorianFlightServer server;
    private BufferAllocator allocator;
    private FlightClient client;

    @BeforeEach
    void start() throws Exception {
        historian = Historian.open(dir.resolve("data"), StorageOptions.builder().backgroundCompaction(false).build());
        WriteBatch batch = new WriteBatch();
        for (int i = 0; i < 100_000; i++) {
            batch.addDouble("plant/line1/temperature", T0 + i * SECOND, 20 + i * 0.01);
        }
        for (int i = 0; i < 120; i++) {
            batch.addLong("plant/line1/count", T0 + i * SECOND, 1000 + i);
            batch.addBoolean("plant/line1/running", T0 + i * SECOND, i % 7 != 0);
            batch.addString("plant/line1/state", T0 + i * SECOND, i % 2 == 0 ? "RUNNING" : "IDLE");
        }
        historian.write(batch);
        historian.compactNow();
        server = HistorianFlightServer.start(historian, "127.0.0.1", 0, false);
        allocator = new RootAllocator();
        client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1", server.port())).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        allocator.close();
        historian.close();
    }

    /** Every row of a flight as text "column=value|...", path decoded through its dictionary. */
    @SuppressWarnings("try")   // FlightStream.close() declares InterruptedException
    private List<String> fetch(ExportQuery query) throws Exception {
        FlightInfo info = client.getInfo(FlightDescriptor.command(query.toBytes()));
        List<String> rows = new ArrayList<>();
        int batches = 0;
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
            while (stream.next()) {
                batches++;
                VectorSchemaRoot root = stream.getRoot();
                assertTrue(root.getRowCount() <= ArrowFiles.BATCH_ROWS, "record batches stay bounded");
                for (int r = 0; r < root.getRowCount(); r++) {
                    StringBuilder row = new StringBuilder();
                    for (FieldVector vector : root.getFieldVectors()) {
                        Object value = vector.getObject(r);
                        if (vector.getField().getDictionary() != null) {
                            Dictionary dictionary = stream.getDictionaryProvider()
                                .lookup(vector.getField().getDictionary().getId());
                            value = dictionary.getVector().getObject((Integer) value);
                        }
                        row.append(vector.getName()).append('=').append(value).append('|');
                    }
                    rows.add(row.toString());
                }
            }
        }
        assertTrue(batches >= 1);
        return rows;
    }

    @Test
    void rawLongLayoutCarriesEveryValueType() throws Exception {
        List<String> rows = fetch(ExportQuery.raw(T0, T0 + 200 * SECOND, "plant/#"));
        assertEquals(4 * 120 + 80, rows.size(), "count, running, state: 120 each; temperature: 200");
        assertEquals("path=plant/line1/count|timestamp=" + T0 + "|value_double=null|value_long=1000|value_bool=null"
            + "|value_string=null|quality=0|", rows.get(0));
        assertTrue(rows.contains("path=plant/line1/running|timestamp=" + T0 + "|value_double=null|value_long=null"
            + "|value_bool=false|value_string=null|quality=0|"), rows.toString().substring(0, 500));
        assertTrue(rows.contains("path=plant/line1/state|timestamp=" + (T0 + SECOND) + "|value_double=null"
            + "|value_long=null|value_bool=null|value_string=IDLE|quality=0|"));
        assertTrue(rows.contains("path=plant/line1/temperature|timestamp=" + (T0 + 5 * SECOND) + "|value_double=20.05"
            + "|value_long=null|value_bool=null|value_string=null|quality=0|"));
    }

    @Test
    void aLargeRawExportStreamsInBoundedBatches() throws Exception {
        List<String> rows = fetch(ExportQuery.raw(T0, T0 + 100_000 * SECOND, "plant/line1/temperature"));
        assertEquals(100_000, rows.size());
        assertTrue(rows.get(99_999).contains("value_double=" + (20 + 99_999 * 0.01)), rows.get(99_999));
    }

    @Test
    void aggregatesAndInterpolationInLongAndWideLayouts() throws Exception {
        ExportQuery hourly = ExportQuery.raw(T0, T0 + 3600 * SECOND, "plant/line1/temperature")
            .with("step", Long.toString(600 * SECOND)).with("kind", "aggregate");
        List<String> longRows = fetch(hourly);
        assertEquals(6, longRows.size());
        assertTrue(longRows.get(0).contains("count=600|excluded=0|"), longRows.get(0));
        assertTrue(longRows.get(0).contains("avg=" + (20 + 299.5 * 0.01)) || longRows.get(0).contains("avg=22.99"),
            longRows.get(0));

        List<String> wide = fetch(hourly.with("layout", "wide").with("filter", "plant/line1/count")
            .with("function", "max"));
        assertEquals(6, wide.size(), "one row per grid point");
        assertEquals("time=" + T0 + "|plant/line1/count=1119.0|", wide.get(0));
        assertEquals("time=" + (T0 + 600 * SECOND) + "|plant/line1/count=null|", wide.get(1), "no data: null");

        List<String> interpolated = fetch(ExportQuery.raw(T0, T0 + 10 * SECOND, "plant/line1/count")
            .with("step", Long.toString(SECOND / 2)).with("kind", "interpolate").with("method", "linear")
            .with("fill", "linear").with("layout", "wide"));
        assertEquals(20, interpolated.size());
        assertEquals("time=" + (T0 + SECOND / 2) + "|plant/line1/count=1000.5|", interpolated.get(1));
    }

    @Test
    @SuppressWarnings("try")   // FlightStream.close() declares InterruptedException
    void aWideAggregateWithoutARangeSpansTheBucketsThatHoldData() throws Exception {
        // What the README's Flight example asks: no start= or end=.
        List<String> wide = fetch(ExportQuery.parse(("kind=aggregate\nfilter=plant/line1/temperature\nstep="
            + 3600 * SECOND + "\nlayout=wide\n").getBytes(StandardCharsets.UTF_8)));
        assertEquals(28, wide.size(), "100,000 s of data from an hour boundary: 28 hourly buckets");
        assertTrue(wide.get(0).startsWith("time=" + T0 + "|plant/line1/temperature=37.99"), wide.get(0));
        assertTrue(wide.get(27).startsWith("time=" + (T0 + 27 * 3600 * SECOND) + "|plant/line1/temperature=1"),
            wide.get(27));
        byte[] nothing = "kind=aggregate\nfilter=nothing/#\nstep=1000\nlayout=wide\n".getBytes(StandardCharsets.UTF_8);
        try (FlightStream stream = client.getStream(client.getInfo(FlightDescriptor.command(nothing)).getEndpoints()
            .get(0).getTicket())) {
            assertTrue(!stream.next(), "no data: no rows");
        }
    }

    @Test
    void listFlightsCoversTheNamespaceAndBadTicketsAreRefused() {
        List<FlightInfo> flights = new ArrayList<>();
        client.listFlights(Criteria.ALL).forEach(flights::add);
        assertEquals(4, flights.size());
        FlightRuntimeException bad = assertThrows(FlightRuntimeException.class,
            () -> client.getInfo(FlightDescriptor.command("kind=raw\nfilter=a/#/b\n".getBytes(StandardCharsets.UTF_8))));
        assertEquals(CallStatus.INVALID_ARGUMENT.code(), bad.status().code());
        assertTrue(bad.getMessage().contains("'#' must be a whole level"), bad.getMessage());
        assertThrows(FlightRuntimeException.class,
            () -> client.getInfo(FlightDescriptor.command("layout=wide\nfilter=a\n".getBytes(StandardCharsets.UTF_8))));
        FlightRuntimeException fill = assertThrows(FlightRuntimeException.class, () -> client.getInfo(
            FlightDescriptor.command("kind=aggregate\nstep=1\nfilter=a\nfill=zero\n".getBytes(StandardCharsets.UTF_8))));
        assertTrue(fill.getMessage().contains("fill must be omit, null, previous or linear"), fill.getMessage());
    }

    @Test
    void anAggregateLeavesEmptyBucketsOutUnlessTheFillAsks() throws Exception {
        ExportQuery counts = ExportQuery.parse(("kind=aggregate\nfilter=plant/line1/count\nstart=" + T0 + "\nend="
            + (T0 + 3600 * SECOND) + "\nstep=" + 600 * SECOND + "\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("omit", counts.fill());
        assertEquals(1, fetch(counts).size(), "the count series has samples in the first 10 minutes only");
        List<String> previous = fetch(counts.with("fill", "previous"));
        assertEquals(6, previous.size());
        assertTrue(previous.get(5).contains("count=0|excluded=0|sum=null|min=1119.0|max=1119.0|avg=1119.0|"),
            previous.get(5));
    }

    @Test
    void anIpcFileIsReadByTheJavaScriptArrowLibrary() throws Exception {
        Path node = javaScriptArrow();
        Path file = dir.resolve("export.arrow");
        long rows = ArrowFiles.write(historian, ExportQuery.raw(T0, T0 + 3 * SECOND, "plant/#"), allocator, file, false,
            written -> { });
        assertEquals(12, rows);
        Process reader = new ProcessBuilder("node", node.resolve("read-arrow.mjs").toString(), file.toString())
            .redirectErrorStream(true).start();
        String output = new String(reader.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(reader.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, reader.exitValue(), output);
        List<String> lines = output.lines().toList();
        assertTrue(lines.get(0).contains("\"rows\":12"), lines.get(0));
        assertTrue(lines.get(0).contains("timestamp:Timestamp<NANOSECOND, UTC>"), lines.get(0));
        assertTrue(lines.get(0).contains("path:Dictionary<Int32, Utf8>"), lines.get(0));
        assertTrue(lines.contains("{\"path\":\"plant/line1/count\",\"timestamp\":\"" + T0 + "\",\"value_double\":null,"
            + "\"value_long\":\"1000\",\"value_bool\":null,\"value_string\":null,\"quality\":0}"), output);
        assertTrue(lines.contains("{\"path\":\"plant/line1/state\",\"timestamp\":\"" + (T0 + SECOND) + "\","
            + "\"value_double\":null,\"value_long\":null,\"value_bool\":null,\"value_string\":\"IDLE\",\"quality\":0}"),
            output);
        assertTrue(output.contains("\"value_double\":20.02"), output);
        assertNull(null);
    }

    /**
     * The node project of the JavaScript Arrow check, its packages installed: never skipped. When
     * {@code node_modules} lacks them it runs {@code npm ci} (the versions of package-lock.json);
     * without node or npm it fails, saying what to install.
     */
    static Path javaScriptArrow() throws Exception {
        Path node = Path.of("src/test/node");
        String install = "install Node.js and npm (Debian: apt-get install nodejs npm; .ci/run does it)";
        if (!onPath("node")) {
            fail("node is not installed, and this test reads an exported file with the JavaScript Arrow library: "
                + install);
        }
        if (!Files.isRegularFile(node.resolve("node_modules/apache-arrow/package.json"))) {
            if (!onPath("npm")) {
                fail("npm is not installed, and the JavaScript Arrow library (server/src/test/node) is missing: "
                    + install);
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--prefix", node.toString())
                .redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                fail("npm ci --prefix server/src/test/node did not finish in 5 minutes: run it by hand and see why");
            }
            if (npm.exitValue() != 0) {
                String last = output.strip().lines().reduce((a, b) -> b).orElse("no output");
                fail("npm ci --prefix server/src/test/node failed (" + last + "): run it by hand, with network "
                    + "access to the npm registry, and see why");
            }
        }
        return node;
    }

    private static boolean onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
