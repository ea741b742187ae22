package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.unshistorian.embedded.Historian;
import io.unshistorian.ingest.csv.CsvImport;
import io.unshistorian.ingest.csv.CsvImportOptions;
import io.unshistorian.ingest.csv.HistorianSink;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian import}: loads a CSV file in the long or the wide layout into a running server
 * or a data directory, parsing on one thread while the previous batch is stored. Rows and cells
 * that cannot be stored are reported with their line and reason; the rest is stored.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Load a CSV file into the historian (a running server, or --data DIR).",
    footerHeading = "%nFormats:%n",
    footer = {
        "  long  one sample per row: a header such as path,timestamp_ms,value;",
        "        columns path (or topic, tag), a time column, value and optionally",
        "        quality (Good, Uncertain, Bad or a status code); others are left out.",
        "  wide  a time column and one column per tag, as SCADA systems export:",
        "        timestamp,Line1.Temp,Line1.Speed. A tag column's path is --prefix",
        "        and its name, or what --mapping FILE (rows column,path) says.",
        "        Empty cells are no sample.",
        "  Time column: named time, timestamp, datetime, date or ts, or --time-column.",
        "  Epoch numbers in the unit its name ends with (_s, _ms, _us, _ns) or",
        "  --time-unit, else read by size; or ISO-8601 text (2026-01-01T08:00:00Z;",
        "  local 2026-01-01 08:00:00 in --tz). Values are numbers (NaN, Infinity).",
        "  RFC 4180 quoting, UTF-8. More: docs/import.md",
        "",
        "Examples:",
        "  historian import samples.csv",
        "  historian import export.csv --prefix acme/dallas/packaging/ --tz Europe/Berlin",
        "  historian import export.csv --mapping tags.csv --data historian-data"})
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The CSV file.")
    private Path file;

    @Mixin
    private Connection connection;

    @Option(names = "--layout", description = "long, wide or auto: long when the header has a path column "
        + "(default: ${DEFAULT-VALUE}).")
    private String layout = "auto";

    @Option(names = "--prefix", description = "Wide layout: put before each column name to make its path, "
        + "e.g. acme/dallas/packaging/.")
    private String prefix = "";

    @Option(names = "--mapping", paramLabel = "FILE", description = "Wide layout: a CSV of column,path rows; "
        + "only mapped columns are imported.")
    private Path mapping;

    @Option(names = "--time-column", paramLabel = "NAME", description = "The time column's name (default: found "
        + "by name, in the wide layout else the first column).")
    private String timeColumn;

    @Option(names = "--time-unit", paramLabel = "UNIT", description = "Epoch unit of the time column: s, ms, us or "
        + "ns (default: the column name's suffix, else the first value's size).")
    private String timeUnit;

    @Option(names = "--tz", paramLabel = "ZONE", description = "Zone of local date-times in the file, e.g. "
        + "Europe/Berlin (default: the system zone, said when used).")
    private String zone;

    @Option(names = "--batch", description = "Samples per write batch (default: ${DEFAULT-VALUE}).")
    private int batchSize = 32_768;

    @Option(names = "--quiet", description = "No progress bar (there is none when stderr is not a terminal).")
    private boolean quiet;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        CsvImportOptions options = options();
        long size = Files.size(file);
        long start = System.nanoTime();
        ProgressBar bar = new ProgressBar(err, size, !quiet && System.console() != null);
        CsvImport.Rejections rejections = (line, reason) -> err.println("rejected " + file + ":" + line + ": " + reason);
        CsvImport.Result result;
        if (connection.data != null) {
            try (Historian historian = DataDirectories.open(connection.data)) {
                result = CsvImport.run(file, options, new HistorianSink(historian), rejections, bar);
                historian.settle();   // imported history is cold: merged and tiered now, not after 10 idle minutes
            }
        } else {
            result = connection.with(channel -> CsvImport.run(file, options, new ServerSink(channel), rejections, bar));
        }
        bar.done();
        double seconds = (System.nanoTime() - start) / 1e9;
        err.println("read " + file + ": " + result.description()
            + (zone == null && result.localTimes() ? " (the system zone; --tz ZONE to choose)" : ""));
        err.flush();
        out.printf(Locale.ROOT, "imported %s: %d rows read, %d samples stored, %d rejected, %.2f s (%.0f samples/s)%n",
            file, result.rowsRead(), result.samplesStored(), result.rejected(), seconds,
            result.samplesStored() / seconds);
        out.flush();
        return result.rejected() == 0 ? 0 : 3;
    }

    private CsvImportOptions options() throws Exception {
        CsvImportOptions.Layout chosen = CsvImportOptions.Layout.valueOf(
            OptionChoices.require("--layout", layout, "auto", "long", "wide").toUpperCase(Locale.ROOT));
        if (timeUnit != null) {
            OptionChoices.require("--time-unit", timeUnit, "s", "ms", "us", "ns");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch must be at least 1, got " + batchSize);
        }
        if (mapping != null && !prefix.isEmpty()) {
            throw new IllegalArgumentException("--prefix and --mapping do not go together: put full paths in the "
                + "mapping file");
        }
        ZoneId tz = zone == null ? ZoneId.systemDefault() : TimeRangeOptions.zoneOf(zone);
        CsvImportOptions options = CsvImportOptions.defaults().withLayout(chosen).withPrefix(prefix)
            .withTimeColumn(timeColumn).withTimeUnit(timeUnit).withZone(tz).withBatchSize(batchSize);
        return mapping == null ? options : options.withMapping(CsvImportOptions.readMapping(mapping));
    }

    /** A progress bar on a terminal (redrawn with \r, so never into a log), at most five frames a second. */
    static final class ProgressBar implements CsvImport.Progress {
        private final PrintWriter err;
        private final long total;
        private final boolean shown;
        private long lastDraw;

        ProgressBar(PrintWriter err, long total, boolean shown) {
            this.err = err;
            this.total = total;
            this.shown = shown;
        }

        @Override
        public void bytesRead(long bytes) {
            if (shown && System.nanoTime() - lastDraw > 200_000_000L) {
                lastDraw = System.nanoTime();
                err.print(frame(bytes, total));
                err.flush();
            }
        }

        void done() {
            if (shown) {
                err.println(frame(total, total));
            }
        }

        static String frame(long done, long total) {
            int width = 40;
            int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
            return String.format("\r[%s%s] %3d%%", "#".repeat(filled), " ".repeat(width - filled),
                total == 0 ? 100 : done * 100 / total);
        }
    }
}
