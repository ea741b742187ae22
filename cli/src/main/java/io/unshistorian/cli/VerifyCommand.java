package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.unshistorian.storage.DirectoryCheck;
import io.unshistorian.storage.StorageProblem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code historian verify}: checks every file of a data directory, changing nothing. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Check every file of a data directory (settings, catalog, manifest, every block chunk, every "
        + "WAL record) and list what does not check out, changing nothing.",
        "Exit status: 0 when everything checks out, " + VerifyCommand.DAMAGED + " when something does not "
            + "(then see `historian repair`)."})
final class VerifyCommand implements Callable<Integer> {
    static final int DAMAGED = 3;

    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./historian-data).")
    private Path data = Path.of("historian-data");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DirectoryCheck.Report report = DirectoryCheck.run(data);
        PrintWriter out = spec.commandLine().getOut();
        for (StorageProblem problem : report.problems()) {
            out.println(problem.file() + " at offset " + problem.offset() + ": " + problem.reason());
        }
        out.printf("%s: %d series, %d block files (%d chunks), %d WAL files (%d records): %s%n",
            data.toAbsolutePath(), report.series(), report.blockFiles(), report.chunks(), report.walFiles(),
            report.walRecords(), report.clean() ? "everything checks out"
                : report.problems().size() + " problem(s); `historian repair --data " + data + "` keeps what is "
                + "readable and quarantines the rest");
        out.flush();
        return report.clean() ? 0 : DAMAGED;
    }
}
