package io.unshistorian.server;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import com.google.protobuf.MessageLite;

import io.grpc.MethodDescriptor;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.BrowseRequest;
import io.unshistorian.grpc.v1.GetMetadataRequest;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.InterpolateRequest;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.QualityMode;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.SetMetadataRequest;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.query.RawPage;
import io.unshistorian.query.Selection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes the committed seed inputs of {@link GrpcRequestFuzzer} (docs/fuzzing.md): a request of
 * every historian.v1 method as a client's generated code encodes it, naming the fuzzer's series,
 * and a raw read resuming at a cursor the historian handed out. Not part of the suite (its name does
 * not end in Test); run it when the API changes:
 * {@code mvn -o test -pl server -Dtest=WriteFuzzSeeds -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class WriteFuzzSeeds {
    private static final Path INPUTS = Path.of("src/test/resources/io/unshistorian/server",
        "GrpcRequestFuzzerInputs/request");
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long MINUTE = 60_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void write() throws Exception {
        io.unshistorian.grpc.v1.Selection dallas = io.unshistorian.grpc.v1.Selection.newBuilder()
            .addFilters("acme/dallas/#").build();
        io.unshistorian.grpc.v1.Selection tagged = io.unshistorian.grpc.v1.Selection.newBuilder()
            .addFilters("acme/+/line1/temperature").putTags("area", "A1").build();

        seed("seed-write", "Write", WriteBatch.newBuilder().setBatchId(1)
            .addSeries(SeriesSamples.newBuilder().setPath("acme/dallas/line1/temperature").setType(ValueType.DOUBLE)
                .addTimestampsNs(T0 + MINUTE).addDoubleValues(21.5).addTimestampsNs(T0 + 2 * MINUTE)
                .addDoubleValues(Double.NaN).addQualities(0).addQualities(0x4000_0000))
            .addSeries(SeriesSamples.newBuilder().setPath("acme/new/state").setType(ValueType.STRING)
                .addTimestampsNs(T0).addStringValues("RUNNING"))
            .addSeries(SeriesSamples.newBuilder().setPath("acme/dallas/line1/count").setType(ValueType.LONG)
                .addTimestampsNs(T0).addLongValues(-3))
            .addSeries(SeriesSamples.newBuilder().setPath("acme/dallas/line2/running").setType(ValueType.BOOLEAN)
                .addTimestampsNs(T0).addBoolValues(true)).build());
        seed("seed-read-raw", "ReadRaw", ReadRawRequest.newBuilder().setSelection(dallas).setStartNs(T0)
            .setEndNs(T0 + 60 * MINUTE).setLimit(10).setMaxPerMessage(4).build());
        seed("seed-read-raw-resume", "ReadRaw", ReadRawRequest.newBuilder().setSelection(dallas).setStartNs(T0)
            .setEndNs(T0 + 60 * MINUTE).setLimit(10).setCursor(cursor(dallas)).build());
        seed("seed-aggregate", "Aggregate", AggregateRequest.newBuilder().setSelection(tagged).setStartNs(T0)
            .setEndNs(T0 + MINUTE).setBucketNs(10_000_000_000L).setQuality(QualityMode.ALL).setStddev(true)
            .setTimeWeightedAverage(true).build());
        seed("seed-aggregate-unary", "AggregateUnary", AggregateRequest.newBuilder().setSelection(dallas)
            .setStartNs(T0).setEndNs(T0 + MINUTE).setBucketNs(10_000_000_000L).build());
        seed("seed-interpolate", "Interpolate", InterpolateRequest.newBuilder().setSelection(dallas).setStartNs(T0)
            .setEndNs(T0 + MINUTE).setIntervalNs(5_000_000_000L).setMethod(InterpolateRequest.Method.LINEAR)
            .setFill(InterpolateRequest.Fill.FILL_PREVIOUS).build());
        seed("seed-plot", "Plot", PlotRequest.newBuilder().setSelection(dallas).setStartNs(T0).setEndNs(T0 + MINUTE)
            .setPixels(16).build());
        seed("seed-latest", "Latest", LatestRequest.newBuilder().setSelection(io.unshistorian.grpc.v1.Selection
            .newBuilder().addFilters("#")).build());
        seed("seed-list-series", "ListSeries", ListSeriesRequest.newBuilder().setSelection(tagged).build());
        seed("seed-browse", "Browse", BrowseRequest.newBuilder().setPath("acme/dallas").build());
        seed("seed-get-metadata", "GetMetadata", GetMetadataRequest.newBuilder()
            .setPath("acme/dallas/line1/temperature").build());
        seed("seed-set-metadata", "SetMetadata", SetMetadataRequest.newBuilder().setPath("fuzz/metadata")
            .setUnit("bar").setDescription("outlet").setRangeLow(0).setRangeHigh(16).putTags("area", "B2").build());
    }

    /** A cursor the fuzzer's historian hands out for a limited read of {@code selection}, and takes back. */
    private String cursor(io.unshistorian.grpc.v1.Selection selection) throws Exception {
        Selection query = Selection.of(selection.getFiltersList().toArray(new String[0]));
        String cursor;
        try (Historian historian = GrpcRequestFuzzer.open(dir.resolve("data"))) {
            RawPage page = historian.query().raw(query, T0, T0 + 60 * MINUTE, 10, null, (series, t, bits, quality,
                text) -> {
            });
            cursor = page.nextCursor();
        }
        try (Historian historian = GrpcRequestFuzzer.open(dir.resolve("again"))) {
            historian.query().raw(query, T0, T0 + 60 * MINUTE, 10, cursor, (series, t, bits, quality, text) -> {
            });
        }
        return cursor;
    }

    private static void seed(String name, String method, MessageLite request) throws Exception {
        List<String> names = HistorianGrpc.getServiceDescriptor().getMethods().stream()
            .map(MethodDescriptor::getFullMethodName).sorted(Comparator.naturalOrder()).toList();
        int index = names.indexOf(HistorianGrpc.SERVICE_NAME + "/" + method);
        if (index < 0) {
            throw new IllegalArgumentException("no method " + method + " in " + names);
        }
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        input.write(index);
        request.writeTo(input);
        Files.createDirectories(INPUTS);
        Files.write(INPUTS.resolve(name), input.toByteArray());
    }
}
