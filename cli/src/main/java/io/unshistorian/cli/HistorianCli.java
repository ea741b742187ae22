package io.unshistorian.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code historian} command line: the entry point of the launcher script. */
@Command(name = "historian", mixinStandardHelpOptions = true, versionProvider = HistorianVersion.class,
    description = "UNS Historian: an embeddable time-series historian for the manufacturing Unified Namespace.",
    subcommands = {DemoCommand.class, ServeCommand.class, ImportCommand.class, QueryCommand.class, PlotCommand.class,
        LatestCommand.class, BrowseCommand.class, ExportCommand.class, VerifyCommand.class, RepairCommand.class,
        TokenCommand.class, GrantCommand.class, ForwardCommand.class, ArchiveCommand.class, CommandLine.HelpCommand.class})
public final class HistorianCli implements java.util.concurrent.Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Every command takes it: a failure then prints its stack trace after the one line. */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
        description = "On failure, also print the stack trace (for a bug report).")
    void verbose(boolean on) {
        CliErrors.verbose = on;
    }

    public static void main(String[] args) {
        configureLogging();
        System.exit(newCommandLine().execute(args));
    }

    /**
     * One logging format for the whole process: SLF4J, configured by {@code simplelogger.properties};
     * gRPC and Netty log through java.util.logging, which is bridged into it.
     */
    static void configureLogging() {
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** A command line ready to execute; tests drive it directly. */
    public static CommandLine newCommandLine() {
        CliErrors.verbose = false;
        CommandLine cli = new CommandLine(new HistorianCli()).setExecutionExceptionHandler(new CliErrors());
        withVersion(cli);
        return cli;
    }

    /** Subcommands do not inherit the version provider: without it their --version prints nothing. */
    private static void withVersion(CommandLine command) {
        if (command.getCommandSpec().versionProvider() == null) {
            command.getCommandSpec().versionProvider(new HistorianVersion());
        }
        command.getSubcommands().values().forEach(HistorianCli::withVersion);
    }

    /** A bare {@code historian} is a mistake: the commands, on stderr, and exit status 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
