package io.unshistorian.cli;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

import javax.imageio.ImageIO;

import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.ListSeriesRequest;
import io.unshistorian.grpc.v1.PlotPoints;
import io.unshistorian.grpc.v1.PlotRequest;
import io.unshistorian.grpc.v1.QualityMode;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.grpc.v1.SeriesInfo;
import io.unshistorian.grpc.v1.ValueType;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian plot}: a PNG trend chart of the selected series, drawn from M4 plot values (one
 * column of first/last/min/max per pixel of the plot area, not raw samples), with the periods a
 * series' value was not Good shaded. docs/trend.md describes the chart.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = "A PNG trend chart of series, periods of a value not Good shaded (docs/trend.md).")
final class PlotCommand implements Callable<Integer> {
    static final int MIN_WIDTH = 320;
    static final int MAX_WIDTH = 10_000;
    static final int MIN_HEIGHT = 240;
    static final int MAX_HEIGHT = 5_000;

    @Parameters(paramLabel = "FILTER", arity = "1..*", description = "Paths or MQTT filters (+ one level, # the rest).")
    private List<String> filters;

    @Mixin
    private Connection connection;

    @Mixin
    private TimeRangeOptions times;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The PNG file to write.")
    private Path out;

    @Option(names = "--width", paramLabel = "PIXELS", description = "Image width (default: ${DEFAULT-VALUE}).")
    private int width = 1200;

    @Option(names = "--height", paramLabel = "PIXELS", description = "Image height (default: ${DEFAULT-VALUE}).")
    private int height = 500;

    @Option(names = "--quality", paramLabel = "MODE", description = "Samples the lines go through: good (Good "
        + "quality only) or all (default: ${DEFAULT-VALUE}). Periods not Good are shaded either way.")
    private String quality = "good";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        long[] range = times.range(spec.commandLine().getErr());
        checkArguments(range[0], range[1]);
        boolean goodOnly = OptionChoices.require("--quality", quality, "good", "all").equals("good");
        Selection selection = Selection.newBuilder().addAllFilters(filters).build();
        Trend trend = connection.with(channel -> fetch(HistorianGrpc.newBlockingStub(channel), selection, range[0],
            range[1], goodOnly));
        try (OutputStream file = Files.newOutputStream(out)) {
            ImageIO.write(TrendRenderer.render(trend, width, height), "png", file);
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + width + "x" + height + "): "
            + trend.series().size() + " series, " + trend.periodCount() + " periods not Good shaded"
            + (trend.notPlotted.isEmpty() ? "" : "; not plotted (strings): " + String.join(", ", trend.notPlotted)));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Refuses what would fail only after the query: a bad range or size, an --out that cannot be written. */
    private void checkArguments(long start, long end) {
        if (start >= end) {
            throw new IllegalArgumentException("--start " + instant(start) + " is not before --end " + instant(end)
                + ": give a range that ends after it starts");
        }
        if (width < MIN_WIDTH || width > MAX_WIDTH || height < MIN_HEIGHT || height > MAX_HEIGHT) {
            throw new IllegalArgumentException("--width and --height are " + MIN_WIDTH + " to " + MAX_WIDTH + " and "
                + MIN_HEIGHT + " to " + MAX_HEIGHT + " pixels, got " + width + "x" + height);
        }
        Path parent = out.toAbsolutePath().getParent();
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a directory: name the PNG file to write");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("cannot write --out " + out + ": directory " + parent
                + " does not exist; create it or choose another file");
        }
        if (!Files.isWritable(parent) || Files.exists(out) && !Files.isWritable(out)) {
            throw new IllegalArgumentException("cannot write --out " + out + ": permission denied; choose another file");
        }
    }

    /** The series' plot values for the plot area's width, and which series are strings (not plotted). */
    private Trend fetch(HistorianGrpc.HistorianBlockingStub stub, Selection selection, long start, long end,
                        boolean goodOnly) {
        List<SeriesInfo> matching = stub.listSeries(ListSeriesRequest.newBuilder().setSelection(selection).build())
            .getSeriesList();
        List<String> strings = new ArrayList<>();
        for (SeriesInfo info : matching) {
            if (info.getType() == ValueType.STRING) {
                strings.add(info.getPath());
            }
        }
        String subtitle = instant(start) + " to " + instant(end) + " (UTC)  ·  " + (goodOnly
            ? "Good samples only" : "samples of any quality") + "  ·  M4 over " + ChartLayout.plotWidth(width)
            + " px";
        Trend trend = new Trend(String.join("  ", filters), subtitle, start, end, strings);
        Iterator<PlotPoints> answer = stub.plot(PlotRequest.newBuilder().setSelection(selection).setStartNs(start)
            .setEndNs(end).setPixels(ChartLayout.plotWidth(width))
            .setQuality(goodOnly ? QualityMode.GOOD_ONLY : QualityMode.ALL).build());
        answer.forEachRemaining(trend::add);
        if (trend.isEmpty()) {
            throw new IllegalStateException(whyEmpty(matching.size(), strings, start, end) + "; no PNG written");
        }
        return trend;
    }

    private String whyEmpty(int matching, List<String> strings, long start, long end) {
        if (matching == 0) {
            return QueryCommand.noSeriesMatches(filters);
        }
        if (strings.size() == matching) {
            return "only STRING series match, and strings are not plotted: " + String.join(", ", strings);
        }
        return "no samples between " + instant(start) + " and " + instant(end) + " in the series that match "
            + "(--start, --end)";
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(0, nanos);
    }
}
