package io.unshistorian.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code historian} command line: the entry point of the launcher script. */
@Command(name = "historian", mixinStandardHelpOptions = true, versionProvider = HistorianVersion.class,
    description = "UNS Historian: an embeddable time-series historian for the manufacturing Unified Namespace.",
    subcommands = {DemoCommand.class, ServeCommand.class, ImportCommand.class, QueryCommand.class,
        LatestCommand.class, BrowseCommand.class, ExportCommand.class, DataSetsCommand.class, CommandLine.HelpCommand.class})
public final class HistorianCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Library chatter (Chronicle's file mapping notes) stays out of the command's output.
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        System.exit(newCommandLine().execute(args));
    }

    /** A command line ready to execute; tests drive it directly. */
    public static CommandLine newCommandLine() {
        return new CommandLine(new HistorianCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
