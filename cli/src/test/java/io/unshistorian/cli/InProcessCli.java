package io.unshistorian.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** Runs the {@code historian} command line in this JVM, as a user would type it, capturing what it prints. */
final class InProcessCli {
    /** Exit code, standard output and standard error of one run. */
    record Result(int exit, String out, String err) {
    }

    private InProcessCli() {
    }

    static Result run(String... arguments) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HistorianCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(arguments);
        return new Result(exit, out.toString(), err.toString());
    }
}
