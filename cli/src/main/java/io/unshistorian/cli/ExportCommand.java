package io.unshistorian.cli;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.unshistorian.embedded.Historian;
import io.unshistorian.export.ArrowExporter;
import io.unshistorian.export.ArrowFiles;
import io.unshistorian.export.ExportQuery;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampNanoTZVector;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian export}: a query of a data directory to an Arrow IPC file, an Arrow IPC stream or
 * CSV, with a progress count. Layout long (one row per sample, bucket or point) or wide (one column
 * per series on the aggregate's or interpolation's grid).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export raw samples, aggregates or interpolated values to Arrow IPC (file or stream) or CSV.")
final class ExportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILTER", arity = "1..*", description = "Paths or MQTT filters.")
    private List<String> filters;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ${DEFAULT-VALUE}); "
        + "a running server exports over Arrow Flight instead (docs/arrow.md).")
    private Path data = Path.of("historian-data");

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Output file.")
    private Path out;

    @Option(names = "--format", description = "arrow (IPC file), arrow-stream (IPC stream) or csv "
        + "(default: ${DEFAULT-VALUE}).")
    private String format = "arrow";

    @picocli.CommandLine.Mixin
    private TimeRangeOptions times;

    @Option(names = "--every", paramLabel = "DURATION", description = "Aggregates per bucket of this width.")
    private String every;

    @Option(names = "--interpolate", paramLabel = "DURATION", description = "Values at this interval.")
    private String interpolate;

    @Option(names = "--method", description = "Interpolation: previous or linear (default: ${DEFAULT-VALUE}).")
    private String method = "previous";

    @Option(names = "--layout", description = "long or wide (default: ${DEFAULT-VALUE}).")
    private String layout = "long";

    @Option(names = "--function", description = "Wide aggregate column: avg, min, max, sum, count, first, last, twa "
        + "(default: ${DEFAULT-VALUE}).")
    private String function = "avg";

    @Option(names = "--spreadsheet-safe", description = "CSV: prefix text cells that start with = + - @ with ' "
        + "so a spreadsheet shows them instead of running them as formulas.")
    private boolean spreadsheetSafe;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long[] range = times.range(spec.commandLine().getErr());
        String kind = every != null ? "aggregate" : interpolate != null ? "interpolate" : "raw";
        long step = every != null ? TimeArguments.duration(every) : interpolate != null
            ? TimeArguments.duration(interpolate) : 0;
        ExportQuery query = new ExportQuery(kind, filters, range[0], range[1],
            OptionChoices.require("--layout", layout, "long", "wide"), step,
            OptionChoices.require("--function", function, "avg", "min", "max", "sum", "count", "first", "last", "twa"),
            OptionChoices.require("--method", method, "previous", "linear"), "null", "good", 0);
        OptionChoices.require("--format", format, "arrow", "arrow-stream", "csv");
        PrintWriter err = spec.commandLine().getErr();
        long begin = System.nanoTime();
        long rows;
        try (Historian historian = Historian.open(DataDirectories.existing(data)); BufferAllocator allocator = new RootAllocator()) {
            if (format.equals("csv")) {
                rows = writeCsv(historian, query, allocator, err);
            } else {   // arrow or arrow-stream, as checked above
                rows = ArrowFiles.write(historian, query, allocator, out, format.equals("arrow-stream"),
                    written -> progress(err, written));
            }
        }
        if (System.console() != null) {
            err.println();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        spec.commandLine().getOut().printf("exported %d rows to %s (%s, %s layout) in %.2f s (%.0f rows/s)%n", rows,
            out, format, layout, seconds, rows / seconds);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** A count that redraws itself with \r: only on a terminal, never into a log file. */
    private static void progress(PrintWriter err, long rows) {
        if (System.console() != null) {
            err.printf("\r%,d rows written", rows);
            err.flush();
        }
    }

    private long writeCsv(Historian historian, ExportQuery query, BufferAllocator allocator, PrintWriter err)
        throws Exception {
        try (BufferedWriter writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             ArrowExporter exporter = new ArrowExporter(historian, query, allocator, ArrowFiles.BATCH_ROWS)) {
            List<String> names = new ArrayList<>();
            exporter.schema().getFields().forEach(f -> names.add(f.getName()));
            CsvCells csv = new CsvCells(writer, spreadsheetSafe, names.size());
            csv.row(names.toArray(new String[0]));
            String[] cells = new String[names.size()];
            long[] written = {0};
            long rows = exporter.run(root -> {
                for (int r = 0; r < root.getRowCount(); r++) {
                    for (int c = 0; c < cells.length; c++) {
                        cells[c] = cell(exporter, root.getVector(c), r, c == 0 && query.layout().equals("long"));
                    }
                    csv.row(cells);
                }
                written[0] += root.getRowCount();
                progress(err, written[0]);
            });
            csv.flush();
            return rows;
        }
    }

    /** One cell as text: the path of a dictionary-encoded path column, timestamps as ISO-8601 UTC. */
    private static String cell(ArrowExporter exporter, FieldVector vector, int row, boolean pathColumn) {
        Object value = vector.getObject(row);
        if (value == null) {
            return null;
        }
        if (pathColumn) {
            value = exporter.dictionaries().lookup(0).getVector().getObject((Integer) value);
        } else if (vector instanceof TimeStampNanoTZVector) {
            long nanos = (Long) value;
            value = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
        return value.toString();
    }
}
