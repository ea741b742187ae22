package io.unshistorian.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.unshistorian.client.BearerToken;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.export.ExportQuery;
import io.unshistorian.export.HistorianFlightServer;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.BrowseRequest;
import io.unshistorian.grpc.v1.GetMetadataRequest;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ServerInfoRequest;
import io.unshistorian.grpc.v1.SetMetadataRequest;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.testkit.Eventually;
import io.unshistorian.testkit.TestCertificates;

import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authorization matrix, through the real listeners (gRPC and Arrow Flight over TLS, API
 * tokens): principals with different grants × namespaces × every operation. Every forbidden cell is
 * refused (PERMISSION_DENIED, or left out of wildcard results without a trace) and audited; every
 * allowed cell works.
 */
class AuthorizationMatrixTest {
    private static final long T = 1_767_225_600_000_000_000L;
    private static final List<String> ALL = List.of("acme/dallas/a", "acme/dallas/b", "acme/houston/c", "acme/secret/d");

    @TempDir
    Path dir;

    private Historian historian;
    private Security security;
    private HistorianServer server;
    private HistorianFlightServer flight;
    private BufferAllocator allocator;
    private TestCertificates pki;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Map<String, String> tokens = new java.util.HashMap<>();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(TestCertificates.opensslInstalled(), "openssl is not installed");
        pki = TestCertificates.make(dir.resolve("pki"));
        Path data = dir.resolve("data");
        historian = Historian.open(data);
        for (String path : ALL) {
            historian.writeDouble(path, T, 1.0);
        }
        ApiTokens apiTokens = ApiTokens.of(data);
        for (String name : List.of("reader", "writer", "admin", "houston", "nobody")) {
            tokens.put(name, apiTokens.create(name));
        }
        Grants grants = Grants.of(data);
        grants.add(new Grants.Grant("token:reader", Right.READ, "acme/dallas/#"));
        grants.add(new Grants.Grant("token:writer", Right.WRITE, "acme/dallas/#"));
        grants.add(new Grants.Grant("token:admin", Right.ADMIN, "#"));
        grants.add(new Grants.Grant("token:houston", Right.READ, "acme/+/c"));
        security = Security.of(data, true, null);
        TlsSettings tls = new TlsSettings(pki.file("server.pem"), pki.file("server.key"), null);
        server = HistorianServer.start(historian, new HistorianServer.Settings("127.0.0.1", 0,
            HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, tls, security), "test");
        flight = HistorianFlightServer.start(historian, "127.0.0.1", 0, false, tls, security);
        allocator = new RootAllocator();
    }

    @AfterEach
    void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        if (flight != null) {
            flight.close();
        }
        if (server != null) {
            server.close();
        }
        if (security != null) {
            security.close();
        }
        if (allocator != null) {
            allocator.close();
        }
        if (historian != null) {
            historian.close();
        }
    }

    private HistorianGrpc.HistorianBlockingStub blocking(String who) throws Exception {
        return HistorianGrpc.newBlockingStub(channel(who));
    }

    private Channel channel(String who) throws Exception {
        ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(),
            TlsChannelCredentials.newBuilder().trustManager(pki.ca().toFile()).build()).build();
        channels.add(channel);
        return ClientInterceptors.intercept(channel, BearerToken.of(tokens.get(who)));
    }

    private static Selection select(String... filters) {
        return Selection.newBuilder().addAllFilters(List.of(filters)).build();
    }

    /** The paths a raw read returns. */
    private TreeSet<String> raw(String who, String... filters) throws Exception {
        TreeSet<String> paths = new TreeSet<>();
        blocking(who).readRaw(ReadRawRequest.newBuilder().setSelection(select(filters)).setStartNs(0)
            .setEndNs(Long.MAX_VALUE).build()).forEachRemaining((SampleColumns c) -> paths.add(c.getSamples().getPath()));
        return paths;
    }

    /** The paths an aggregate returns; the unary form must return the same. */
    private TreeSet<String> aggregate(String who, String... filters) throws Exception {
        AggregateRequest request = AggregateRequest.newBuilder().setSelection(select(filters)).setStartNs(0)
            .setEndNs(T * 2).setBucketNs(T * 2).build();
        TreeSet<String> paths = new TreeSet<>();
        blocking(who).aggregate(request).forEachRemaining(rows -> rows.getRowsList()
            .forEach(row -> paths.add(row.getPath())));
        TreeSet<String> unary = new TreeSet<>();
        blocking(who).aggregateUnary(request).getRowsList().forEach(row -> unary.add(row.getPath()));
        assertEquals(paths, unary, "AggregateUnary sees what Aggregate sees");
        return paths;
    }

    private TreeSet<String> latest(String who, String... filters) throws Exception {
        TreeSet<String> paths = new TreeSet<>();
        blocking(who).latest(LatestRequest.newBuilder().setSelection(select(filters)).build()).getLatestList()
            .forEach(sample -> paths.add(sample.getPath()));
        return paths;
    }

    private TreeSet<String> list(String who, String... filters) throws Exception {
        TreeSet<String> paths = new TreeSet<>();
        blocking(who).listSeries(ListSeriesRequest.newBuilder().setSelection(select(filters)).build()).getSeriesList()
            .forEach(info -> paths.add(info.getPath()));
        return paths;
    }

    private TreeSet<String> browse(String who, String path) throws Exception {
        TreeSet<String> children = new TreeSet<>();
        blocking(who).browse(BrowseRequest.newBuilder().setPath(path).build()).getChildrenList()
            .forEach(child -> children.add(child.getPath() + (child.getHasChildren() ? "/" : "")));
        return children;
    }

    private WriteAck write(String who, String... paths) throws Exception {
        WriteStream stream = WriteStream.open(channel(who));
        WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(7);
        for (String path : paths) {
            batch.addSeries(SeriesSamples.newBuilder().setPath(path).setType(ValueType.DOUBLE).addTimestampsNs(T + 1)
                .addDoubleValues(2.0));
        }
        stream.send(batch.build());
        WriteAck answer = stream.nextAck(30, TimeUnit.SECONDS);
        stream.finish();
        return answer;
    }

    private static void denied(String cell, org.junit.jupiter.api.function.Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call, cell);
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode(), cell + ": " + e.getStatus());
    }

    private static TreeSet<String> set(String... paths) {
        return new TreeSet<>(List.of(paths));
    }

    private static final List<String> DALLAS = List.of("acme/dallas/a", "acme/dallas/b");

    @Test
    void everyOperationSeesOnlyWhatItsPrincipalMayRead() throws Exception {
        // reader: read acme/dallas/# — wildcards narrowed, exact forbidden paths refused
        assertEquals(set("acme/dallas/a", "acme/dallas/b"), raw("reader", "#"));
        assertEquals(set("acme/dallas/a", "acme/dallas/b"), aggregate("reader", "acme/+/+"));
        assertEquals(set("acme/dallas/a", "acme/dallas/b"), latest("reader", "acme/#"));
        assertEquals(set("acme/dallas/a", "acme/dallas/b"), list("reader", "#"));
        assertEquals(set("acme/dallas/a"), raw("reader", "acme/dallas/a"));
        assertEquals(set(), raw("reader", "acme/dallas/nothing-here"));
        denied("reader raw acme/houston/c", () -> raw("reader", "acme/houston/c"));
        denied("reader raw of a forbidden path that does not exist", () -> raw("reader", "acme/secret/none"));
        denied("reader aggregate acme/secret/d", () -> aggregate("reader", "acme/secret/d"));
        denied("reader latest acme/secret/d", () -> latest("reader", "acme/dallas/a", "acme/secret/d"));
        assertEquals(set("acme/"), browse("reader", ""));
        assertEquals(set("acme/dallas/"), browse("reader", "acme"));
        assertEquals(set(), browse("reader", "acme/houston"));
        assertEquals("acme/dallas/a", blocking("reader").getMetadata(GetMetadataRequest.newBuilder()
            .setPath("acme/dallas/a").build()).getPath());
        denied("reader metadata acme/houston/c", () -> blocking("reader").getMetadata(GetMetadataRequest.newBuilder()
            .setPath("acme/houston/c").build()));
        denied("reader set metadata", () -> blocking("reader").setMetadata(SetMetadataRequest.newBuilder()
            .setPath("acme/dallas/a").setUnit("K").build()));
        WriteAck readerWrite = write("reader", "acme/dallas/a");
        assertFalse(readerWrite.getAccepted());
        assertEquals(Rejection.PERMISSION_DENIED, readerWrite.getRejection());
        assertEquals("", blocking("reader").serverInfo(ServerInfoRequest.getDefaultInstance()).getDataDirectory(),
            "the data directory is for administrators");

        // a role-like grant with '+': read acme/+/c
        assertEquals(set("acme/houston/c"), raw("houston", "#"));
        assertEquals(set("acme/"), browse("houston", ""));
        assertEquals(set("acme/houston/"), browse("houston", "acme"));

        // writer: write acme/dallas/#, no read
        WriteAck written = write("writer", "acme/dallas/a", "acme/dallas/new");
        assertTrue(written.getAccepted(), written.toString());
        WriteAck mixed = write("writer", "acme/dallas/a", "acme/houston/c");
        assertFalse(mixed.getAccepted());
        assertEquals(Rejection.PERMISSION_DENIED, mixed.getRejection());
        assertEquals(1, mixed.getSeriesIndex());
        assertEquals("acme/houston/c", mixed.getPath());
        denied("writer raw", () -> raw("writer", "acme/dallas/#"));
        denied("writer browse", () -> browse("writer", ""));

        // nobody: no grant at all
        denied("nobody raw", () -> raw("nobody", "#"));
        denied("nobody list", () -> list("nobody", "#"));
        assertEquals(Rejection.PERMISSION_DENIED, write("nobody", "acme/dallas/a").getRejection());

        // admin: everything
        assertEquals(new TreeSet<>(List.of("acme/dallas/a", "acme/dallas/b", "acme/dallas/new", "acme/houston/c",
            "acme/secret/d")), raw("admin", "#"));
        assertEquals("K", blocking("admin").setMetadata(SetMetadataRequest.newBuilder().setPath("acme/dallas/a")
            .setUnit("K").build()).getUnit());
        assertFalse(blocking("admin").serverInfo(ServerInfoRequest.getDefaultInstance()).getDataDirectory().isEmpty());
        // the mixed batch was refused whole: acme/dallas/a has its first sample and the writer's accepted one
        assertEquals(2, countSamples("acme/dallas/a"), "the refused batch left nothing behind");

        String audit = Files.readString(security.auditPath(), StandardCharsets.UTF_8);
        for (String line : List.of("\"principal\":\"token:reader\",\"remote\"", "\"action\":\"historian.v1.Historian/ReadRaw\"",
            "\"action\":\"historian.v1.Historian/Write\"", "may not write 'acme/houston/c'", "\"principal\":\"token:nobody\"",
            "\"event\":\"writes\"")) {
            assertTrue(audit.contains(line), "audit log has " + line + ":\n" + audit);
        }
        long denials = audit.lines().filter(l -> l.contains("\"event\":\"denied\"")).count();
        assertEquals(13, denials, "one audit line per denied cell (7 reader, 3 writer, 3 nobody):\n" + audit);
    }

    private long countSamples(String path) {
        long[] count = {0};
        historian.readRaw(path, 0, Long.MAX_VALUE, (t, bits, quality, text) -> count[0]++);
        return count[0];
    }

    @Test
    @SuppressWarnings("try")   // Flight's close() may throw InterruptedException; the test method declares Exception
    void flightSeesOnlyWhatItsPrincipalMayRead() throws Exception {
        try (FlightClient client = FlightClient.builder(allocator, Location.forGrpcTls("127.0.0.1", flight.port()))
            .trustedCertificates(Files.newInputStream(pki.ca())).build()) {
            HeaderCallOption reader = bearer("reader");
            TreeSet<String> listed = new TreeSet<>();
            for (FlightInfo info : client.listFlights(Criteria.ALL, reader)) {
                listed.add(info.getDescriptor().getPath().get(0));
            }
            assertEquals(new TreeSet<>(DALLAS), listed);
            assertEquals(new TreeSet<>(DALLAS), streamedPaths(client, reader, "acme/#"));
            FlightRuntimeException exact = assertThrows(FlightRuntimeException.class,
                () -> client.getInfo(FlightDescriptor.path("acme/houston/c"), reader));
            assertEquals(FlightStatusCode.UNAUTHORIZED, exact.status().code());
            FlightRuntimeException nobody = assertThrows(FlightRuntimeException.class,
                () -> streamedPaths(client, bearer("nobody"), "#"));
            assertEquals(FlightStatusCode.UNAUTHORIZED, nobody.status().code());
            assertEquals(new TreeSet<>(ALL), streamedPaths(client, bearer("admin"), "#"));
        }
        String audit = Files.readString(security.auditPath(), StandardCharsets.UTF_8);
        assertTrue(audit.contains("\"action\":\"flight/GetFlightInfo\""), audit);
    }

    @Test
    void aRevokedGrantStopsReadsWithinSeconds() throws Exception {
        assertEquals(new TreeSet<>(DALLAS), raw("reader", "#"));
        Grants.of(dir.resolve("data")).revoke("token:reader", null, null);
        HistorianGrpc.HistorianBlockingStub reader = blocking("reader");
        ReadRawRequest everything = ReadRawRequest.newBuilder().setSelection(select("#")).setStartNs(0)
            .setEndNs(Long.MAX_VALUE).build();
        Eventually.await(() -> {
            try {
                reader.readRaw(everything).forEachRemaining(columns -> { });
                return false;
            } catch (StatusRuntimeException e) {
                return e.getStatus().getCode() == Status.Code.PERMISSION_DENIED;
            }
        }, "the revoked grant to take effect");
    }

    private HeaderCallOption bearer(String who) {
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + tokens.get(who));
        return new HeaderCallOption(headers);
    }

    @SuppressWarnings("try")
    private static TreeSet<String> streamedPaths(FlightClient client, HeaderCallOption auth, String filter)
        throws Exception {
        ExportQuery query = ExportQuery.raw(0, Long.MAX_VALUE, filter);
        FlightInfo info = client.getInfo(FlightDescriptor.command(query.toBytes()), auth);
        TreeSet<String> paths = new TreeSet<>();
        try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket(), auth)) {
            while (stream.next()) {
                Dictionary dictionary = stream.getDictionaryProvider().lookup(0);
                VarCharVector values = (VarCharVector) dictionary.getVector();
                for (int i = 0; i < values.getValueCount(); i++) {
                    paths.add(new String(values.get(i), StandardCharsets.UTF_8));
                }
            }
        }
        return paths;
    }
}
