package io.unshistorian.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** The {@code --format}, {@code --timestamps} and {@code --spreadsheet-safe} options of every command that prints rows. */
final class OutputOptions {
    @Option(names = "--format", description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    private Output.Format format = Output.Format.table;

    @Option(names = "--timestamps", description = "iso, ms or ns (default: ${DEFAULT-VALUE}).")
    private Output.Timestamps timestamps = Output.Timestamps.iso;

    @Option(names = "--spreadsheet-safe", description = "CSV: prefix text cells that start with = + - @ with ' "
        + "so a spreadsheet shows them instead of running them as formulas.")
    private boolean spreadsheetSafe;

    /** A table with these columns, printed to {@code out} as the options ask. */
    Output open(PrintWriter out, String... columns) {
        return new Output(out, format, timestamps, spreadsheetSafe, columns);
    }
}
