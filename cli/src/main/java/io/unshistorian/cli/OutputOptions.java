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

    @Option(names = "--quality-codes", description = "Print qualities as OPC UA status codes (0x80310000) instead "
        + "of names (Good, Bad_NoCommunication).")
    private boolean qualityCodes;

    /** A table with these columns, printed to {@code out} as the options ask. */
    Output open(PrintWriter out, String... columns) {
        return new Output(out, format, timestamps, spreadsheetSafe, columns);
    }

    /**
     * A quality as the options ask: its OPC UA name where it is one of the common codes, else its
     * severity and code ({@code Bad (0x80AB0000)}); or always the code, with {@code --quality-codes}.
     */
    String quality(int statusCode) {
        String code = String.format("0x%08X", statusCode);
        if (qualityCodes) {
            return code;
        }
        return switch (statusCode) {
            case 0x0000_0000 -> "Good";
            case 0x4000_0000 -> "Uncertain";
            case 0x8000_0000 -> "Bad";
            case 0x8031_0000 -> "Bad_NoCommunication";
            case 0x809B_0000 -> "Bad_NoData";
            default -> ((statusCode & 0xC000_0000) == 0 ? "Good" : (statusCode & 0xC000_0000) == 0x4000_0000
                ? "Uncertain" : "Bad") + " (" + code + ")";
        };
    }
}
