package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.BrowseRequest;
import io.unshistorian.grpc.v1.GetMetadataRequest;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.InterpolateRequest;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SetMetadataRequest;
import io.unshistorian.query.InterpolationRequest;
import io.unshistorian.query.Selection;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.wal.FsyncPolicy;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.BatchValidator;
import io.unshistorian.storage.write.WriteLimits;
import io.unshistorian.testkit.FuzzCorpus;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz target (docs/fuzzing.md): the bytes of a gRPC request of any historian.v1 method, parsed by
 * the server's strict request parser ({@link StrictRequests}) and mapped to the domain as the
 * service maps it — {@link ProtoMapping} (selections, quality modes, write columns), the query
 * requests' own checks, the write path's {@link BatchValidator} — then run against a small real
 * historian (raw reads with cursors and limits, aggregates, interpolation, plot values, latest,
 * browse, list, metadata). Any bytes are refused at parsing (INVALID_ARGUMENT), or mapped and
 * answered, or refused with {@link IllegalArgumentException} or {@link BatchRejectedException} — what the service turns into INVALID_ARGUMENT or a rejected write.
 * Nothing else escapes: an exception of another kind would be an INTERNAL status, a loop without
 * end a hung call.
 *
 * <p>Input: a byte choosing the method (in name order), then the request message's bytes. Writes
 * are validated, not stored, so that every input meets the same historian; metadata is set on one
 * series kept for it.
 */
class GrpcRequestFuzzer {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String METADATA_SERIES = "fuzz/metadata";

    private static Path directory;
    private static Historian historian;
    private static List<MethodDescriptor<?, ?>> methods;

    private final BatchValidator validator = new BatchValidator(WriteLimits.DEFAULT);
    private final io.unshistorian.storage.write.WriteBatch batch = new io.unshistorian.storage.write.WriteBatch();
    private final WriteBatchReader reader = new WriteBatchReader();

    @BeforeAll
    static void setUp() throws IOException {
        FuzzCorpus.perTarget(GrpcRequestFuzzer.class);
        directory = Files.createTempDirectory("grpc-fuzz");
        historian = open(directory);
        methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : StrictRequests.of(HistorianGrpc.bindService(
            new HistorianGrpc.HistorianImplBase() {
            })).getMethods()) {
            methods.add(method.getMethodDescriptor());
        }
        methods.sort(Comparator.comparing(MethodDescriptor::getFullMethodName));
    }

    /** The historian every input meets: four series of each type in a block file and the head, one with metadata. */
    static Historian open(Path directory) throws IOException {
        Historian historian = Historian.open(directory, StorageOptions.builder().backgroundCompaction(false)
            .compactOnClose(false).fsyncPolicy(FsyncPolicy.NONE).build());
        for (int round = 0; round < 2; round++) {
            io.unshistorian.storage.write.WriteBatch data = new io.unshistorian.storage.write.WriteBatch();
            for (int i = 0; i < 20; i++) {
                long t = T0 + (round * 20 + i) * SECOND;
                data.addDouble("acme/dallas/line1/temperature", t, 20 + i * 0.5, i == 7 ? 0x4000_0000 : 0);
                data.addLong("acme/dallas/line1/count", t, round * 100L + i);
                data.addBoolean("acme/dallas/line2/running", t, i % 3 == 0);
                data.addString("acme/berlin/press/state", t, i % 4 == 0 ? "RUNNING" : "IDLE");
            }
            data.addDouble(METADATA_SERIES, T0, 1);
            historian.write(data);
            if (round == 0) {
                historian.compactNow();   // the first round in a block file, the second in the head
            }
        }
        historian.setMetadata("acme/dallas/line1/temperature", new SeriesMetadata("degC", "inlet", -20, 150,
            Map.of("area", "A1")));
        return historian;
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (historian != null) {
            historian.close();
        }
        if (directory != null) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void request(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        MethodDescriptor<?, ?> method = methods.get((input[0] & 0xFF) % methods.size());
        if (method.getFullMethodName().equals(HistorianGrpc.getWriteMethod().getFullMethodName())) {
            write(Arrays.copyOfRange(input, 1, input.length));
            return;
        }
        Object request = method.parseRequest(new ByteArrayInputStream(input, 1, input.length - 1));
        assertNotNull(request, method.getFullMethodName());
        if (((Message) request).getUnknownFields().hasField(536_870_911)) {
            return;   // StrictRequests refuses it with INVALID_ARGUMENT before the service sees it
        }
        try {
            map(request);
        } catch (IllegalArgumentException | BatchRejectedException refused) {
            assertNotNull(refused.getMessage(), "a refusal that says nothing");
        }
    }

    /**
     * Write requests go through the service's own reader ({@link WriteBatchReader}), checked against
     * the generated parser and the API's column rules on every input, then the batch validator.
     */
    private void write(byte[] bytes) {
        io.unshistorian.storage.write.WriteBatch expected = new io.unshistorian.storage.write.WriteBatch();
        ReferenceWriteMapping.Mapped reference = ReferenceWriteMapping.map(bytes, expected);
        try {
            reader.read(bytes, batch);
        } catch (InvalidProtocolBufferException malformed) {
            assertNull(reference, "refused a request the generated parser reads: " + malformed.getMessage());
            return;
        }
        assertNotNull(reference, "read a request the generated parser refuses");
        assertEquals(reference.paths(), reader.paths());
        assertEquals(reference.rejection(), reader.rejection());
        assertEquals(expected.size(), batch.size());
        if (reader.rejection() != null) {
            return;
        }
        try {
            validator.validate(batch, path -> historian.series(path).orElse(null), new Series[batch.size()]);
        } catch (BatchRejectedException refused) {
            assertNotNull(refused.getMessage(), "a refusal that says nothing");
        }
    }

    private void map(Object request) throws IOException {
        if (request instanceof ReadRawRequest) {        } else if (request instanceof ReadRawRequest) {
            ReadRawRequest raw = (ReadRawRequest) request;
            long[] samples = {0};
            historian.query().raw(ProtoMapping.selection(raw.getSelection()), raw.getStartNs(), raw.getEndNs(),
                raw.getLimit(), raw.getCursor().isEmpty() ? null : raw.getCursor(),
                (series, t, bits, quality, text) -> samples[0]++);
            assertTrue(raw.getLimit() <= 0 || samples[0] <= raw.getLimit(), samples[0] + " samples, limit "
                + raw.getLimit());
        } else if (request instanceof AggregateRequest) {
            AggregateRequest aggregate = (AggregateRequest) request;
            io.unshistorian.query.AggregateRequest query = new io.unshistorian.query.AggregateRequest(
                aggregate.getStartNs(), aggregate.getEndNs(), aggregate.getBucketNs(), aggregate.getOriginNs(),
                ProtoMapping.quality(aggregate.getQuality()), aggregate.getStddev(),
                aggregate.getTimeWeightedAverage(), ProtoMapping.fill(aggregate.getFill()));
            historian.query().aggregate(ProtoMapping.selection(aggregate.getSelection()), query, row -> {
            });
        } else if (request instanceof InterpolateRequest) {
            InterpolateRequest interpolate = (InterpolateRequest) request;
            InterpolationRequest query = new InterpolationRequest(interpolate.getStartNs(), interpolate.getEndNs(),
                interpolate.getIntervalNs(), interpolate.getOriginNs(),
                interpolate.getMethod() == InterpolateRequest.Method.LINEAR ? InterpolationRequest.Method.LINEAR
                    : InterpolationRequest.Method.PREVIOUS, ProtoMapping.fill(interpolate.getFill()),
                ProtoMapping.quality(interpolate.getQuality()));
            historian.query().interpolate(ProtoMapping.selection(interpolate.getSelection()), query, value -> {
            });
        } else if (request instanceof PlotRequest) {
            PlotRequest plot = (PlotRequest) request;
            historian.query().plot(ProtoMapping.selection(plot.getSelection()), plot.getStartNs(), plot.getEndNs(),
                (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(plot.getPixels())),
                ProtoMapping.quality(plot.getQuality()), point -> {
                }, period -> {
                });
        } else if (request instanceof LatestRequest) {
            historian.query().latest(ProtoMapping.selection(((LatestRequest) request).getSelection()));
        } else if (request instanceof ListSeriesRequest) {
            Selection selection = ProtoMapping.selection(((ListSeriesRequest) request).getSelection());
            for (Series series : historian.query().select(selection)) {
                assertNotNull(ProtoMapping.info(series));
            }
        } else if (request instanceof BrowseRequest) {
            historian.browse(((BrowseRequest) request).getPath());
        } else if (request instanceof GetMetadataRequest) {
            historian.series(((GetMetadataRequest) request).getPath()).map(ProtoMapping::info);
        } else if (request instanceof SetMetadataRequest) {
            SetMetadataRequest set = (SetMetadataRequest) request;
            SeriesMetadata metadata = new SeriesMetadata(set.getUnit(), set.getDescription(), set.getRangeLow(),
                set.getRangeHigh(), set.getTagsMap());
            if (historian.series(set.getPath()).isPresent()) {
                historian.setMetadata(METADATA_SERIES, metadata);   // only this series' metadata changes
            }
        }
    }
}
