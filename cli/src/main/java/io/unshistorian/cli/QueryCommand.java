package io.unshistorian.cli;

import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

import io.unshistorian.export.ExportQuery;
import io.unshistorian.grpc.v1.AggregateRequest;
import io.unshistorian.grpc.v1.AggregateRow;
import io.unshistorian.grpc.v1.AggregateRows;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.InterpolateRequest;
import io.unshistorian.grpc.v1.InterpolatedValue;
import io.unshistorian.grpc.v1.InterpolatedValues;
import io.unshistorian.grpc.v1.QualityMode;
import io.unshistorian.grpc.v1.ReadRawRequest;
import io.unshistorian.grpc.v1.SampleColumns;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesSamples;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian query}: raw samples (default), bucket aggregates ({@code --every}) or
 * interpolated values ({@code --interpolate}) of the selected series.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
    description = "Raw samples, aggregates (--every) or interpolated values (--interpolate) of series.")
final class QueryCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILTER", arity = "1..*", description = "Paths or MQTT filters (+ one level, # the rest).")
    private List<String> filters;

    @Mixin
    private Connection connection;

    @picocli.CommandLine.Mixin
    private TimeRangeOptions times;

    @Option(names = "--limit", description = "Raw: stop after this many samples.")
    private long limit;

    @Option(names = "--every", paramLabel = "DURATION", description = "Aggregate per bucket of this width (1m, 1h, ...).")
    private String every;

    @Option(names = "--twa", description = "With --every: also the time-weighted average.")
    private boolean twa;

    @Option(names = "--interpolate", paramLabel = "DURATION", description = "Values at this interval.")
    private String interpolate;

    @Option(names = "--method", description = "Interpolation: previous or linear (default: ${DEFAULT-VALUE}).")
    private String method = "previous";

    @Option(names = "--fill", paramLabel = "RULE", description = "Buckets (--every) or points (--interpolate) "
        + "without a sample: omit, null, previous or linear (default: omit with --every, null with --interpolate). "
        + "previous and linear compute a value at the bucket's start from the samples around it; only previous "
        + "holds a time-weighted average's last value past the last sample.")
    private String fill;

    @Option(names = "--all-quality", description = "Aggregate and interpolate samples of any quality, not Good only.")
    private boolean allQuality;

    @Mixin
    private OutputOptions outputOptions;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long[] range = times.range(spec.commandLine().getErr());
        long from = range[0];
        long to = range[1];
        String interpolation = OptionChoices.require("--method", method, "previous", "linear");
        InterpolateRequest.Fill emptyBuckets = fill(fill, every != null ? "aggregate" : "interpolate");
        if (fill != null && every == null && interpolate == null) {
            throw new IllegalArgumentException("--fill needs --every or --interpolate: raw samples have no empty "
                + "buckets");
        }
        Selection selection = Selection.newBuilder().addAllFilters(filters).build();
        PrintWriter out = spec.commandLine().getOut();
        QualityMode quality = allQuality ? QualityMode.ALL : QualityMode.GOOD_ONLY;
        return connection.with(channel -> {
            HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
            long[] rowsWritten = {0};
            if (every != null) {
                Output output = outputOptions.open(out, "path", "bucket", "count", "min", "max", "avg",
                    "first", "last", "excluded", "twa");
                Iterator<AggregateRows> rows = stub.aggregate(AggregateRequest.newBuilder().setSelection(selection)
                    .setStartNs(from).setEndNs(to).setBucketNs(TimeArguments.duration(every)).setQuality(quality)
                    .setTimeWeightedAverage(twa).setFill(emptyBuckets).build());
                while (rows.hasNext()) {
                    for (AggregateRow row : rows.next().getRowsList()) {
                        output.row(row.getPath(), output.time(row.getBucketStartNs()), row.getCount(), row.getMin(),
                            row.getMax(), row.getAvg(), row.getFirst(), row.getLast(), row.getExcluded(),
                            row.getTimeWeightedAverage());
                    }
                }
                output.finish();
                rowsWritten[0] = output.rows();
            } else if (interpolate != null) {
                Output output = outputOptions.open(out, "path", "time", "value", "bucket_has_data");
                Iterator<InterpolatedValues> values = stub.interpolate(InterpolateRequest.newBuilder()
                    .setSelection(selection).setStartNs(from).setEndNs(to)
                    .setIntervalNs(TimeArguments.duration(interpolate)).setQuality(quality)
                    .setMethod(interpolation.equals("linear") ? InterpolateRequest.Method.LINEAR
                        : InterpolateRequest.Method.PREVIOUS)
                    .setFill(emptyBuckets).build());
                while (values.hasNext()) {
                    for (InterpolatedValue value : values.next().getValuesList()) {
                        output.row(value.getPath(), output.time(value.getTimeNs()),
                            value.getHasValue() ? (Object) value.getValue() : null, value.getBucketHasData());
                    }
                }
                output.finish();
                rowsWritten[0] = output.rows();
            } else {
                Output output = outputOptions.open(out, "path", "time", "value", "quality");
                Iterator<SampleColumns> pages = stub.readRaw(ReadRawRequest.newBuilder().setSelection(selection)
                    .setStartNs(from).setEndNs(to).setLimit(limit).build());
                while (pages.hasNext()) {
                    SeriesSamples samples = pages.next().getSamples();
                    for (int i = 0; i < samples.getTimestampsNsCount(); i++) {
                        output.row(samples.getPath(), output.time(samples.getTimestampsNs(i)), Values.value(samples, i),
                            outputOptions.quality(samples.getQualitiesCount() > i ? samples.getQualities(i) : 0));
                    }
                }
                output.finish();
                rowsWritten[0] = output.rows();
            }
            if (rowsWritten[0] == 0) {
                sayWhyEmpty(stub, filters, spec.commandLine().getErr(), "no samples between "
                    + java.time.Instant.ofEpochSecond(0, from) + " and " + java.time.Instant.ofEpochSecond(0, to)
                    + " in the series that match (--start, --end)");
            }
            return 0;
        });
    }

    /**
     * The {@code --fill} rule (null: the default of {@code kind}, as in an Arrow export) checked and
     * as the wire has it.
     */
    static InterpolateRequest.Fill fill(String rule, String kind) {
        switch (OptionChoices.require("--fill", rule != null ? rule : ExportQuery.defaultFill(kind), "omit", "null",
            "previous", "linear")) {
            case "null":
                return InterpolateRequest.Fill.NULL;
            case "previous":
                return InterpolateRequest.Fill.FILL_PREVIOUS;
            case "linear":
                return InterpolateRequest.Fill.FILL_LINEAR;
            default:
                return InterpolateRequest.Fill.OMIT;
        }
    }

    /**
     * After an answer without rows, says why on {@code err}: no series matches the filters (often a
     * typo), or the series have nothing in the range.
     */
    static void sayWhyEmpty(HistorianGrpc.HistorianBlockingStub stub, List<String> filters, PrintWriter err,
                            String nothingInRange) {
        boolean anySeries = stub.listSeries(ListSeriesRequest.newBuilder().setSelection(Selection.newBuilder()
            .addAllFilters(filters)).build()).getSeriesCount() > 0;
        err.println(anySeries ? nothingInRange : noSeriesMatches(filters));
        err.flush();
    }

    /** Says that no series matches, often a typo in a filter, and how to see what there is. */
    static String noSeriesMatches(List<String> filters) {
        return "no series matches " + String.join(" ", filters) + " (historian browse shows what there is)";
    }
}
