package io.unshistorian.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --format} and {@code --timestamps} options of every command that prints samples. */
final class OutputOptions {
    @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    private Output.Format format = Output.Format.table;

    @Option(names = "--timestamps", description = "iso, ms or ns (default: ${DEFAULT-VALUE}).")
    private Output.Timestamps timestamps = Output.Timestamps.iso;

    /** A table with these columns, printed to {@code out} as the options ask. */
    Output open(PrintWriter out, String... columns) {
        return new Output(out, format, timestamps, columns);
    }
}
