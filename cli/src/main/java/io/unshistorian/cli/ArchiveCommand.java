package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import io.unshistorian.archive.ArchiveOptions;
import io.unshistorian.archive.ArchiveReport;
import io.unshistorian.archive.ParquetArchive;
import io.unshistorian.embedded.Historian;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code historian archive}: cold history of a data directory as Parquet for Spark, Trino, DuckDB. */
@Command(name = "archive", mixinStandardHelpOptions = true, description = "Write the cold days of a data directory "
    + "as Apache Parquet, Hive-style partitioned by namespace and day, again only where they changed "
    + "(docs/archive.md). A running server does this itself with serve --archive-to.")
final class ArchiveCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./historian-data); "
        + "not one a server holds.")
    private Path data;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The archive's root directory.")
    private Path out;

    @Option(names = "--filter", paramLabel = "FILTERS", description = "Comma-separated MQTT filters of what to "
        + "archive (default: #).")
    private String filters;

    @Option(names = "--levels", paramLabel = "N", description = "Leading path levels that partition the files "
        + "(default: 2, e.g. level1=acme/level2=dallas).")
    private int levels = 2;

    @Option(names = "--cold-after", paramLabel = "DURATION", description = "A day is archived once it ended this long "
        + "ago (default: 1h).")
    private String coldAfter = "1h";

    @Spec
    private CommandSpec spec;

    static ArchiveOptions options(String filters, int levels, String coldAfter) {
        return new ArchiveOptions(filters == null ? List.of("#") : ServeConfig.items(filters), levels,
            Duration.ofNanos(TimeArguments.duration(coldAfter)), System::currentTimeMillis);
    }

    static String describe(ArchiveReport report, Path root) {
        return String.format("archived %d days (%d unchanged, %d not cold yet): %d files, %,d rows, %,d bytes in %.1f s "
            + "to %s%s", report.daysExported(), report.daysUnchanged(), report.daysNotColdYet(), report.files(),
            report.rows(), report.bytes(), report.seconds(), root, report.problems().isEmpty() ? ""
                : "; " + report.problems().size() + " notes:\n  " + String.join("\n  ", report.problems()));
    }

    @Override
    public Integer call() throws Exception {
        ArchiveOptions options = options(filters, levels, coldAfter);
        Path directory = DataDirectories.existing(data != null ? data : Path.of("historian-data"));
        PrintWriter output = spec.commandLine().getOut();
        try (Historian historian = DataDirectories.open(directory)) {
            output.println(describe(ParquetArchive.run(historian, out, options), out));
        }
        output.flush();
        return 0;
    }
}
