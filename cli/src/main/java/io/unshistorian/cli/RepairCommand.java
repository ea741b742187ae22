package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.StorageProblem;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code historian repair}: keeps what is readable, quarantines the rest, deletes nothing. */
@Command(name = "repair", mixinStandardHelpOptions = true,
    description = {"Repair a data directory the historian is not running on: every readable WAL record is "
        + "compacted into block files, blocks with damaged chunks are rewritten from their readable chunks, "
        + "damaged and unreadable files are moved to <data>/quarantine/<time>/, missing files are acknowledged, "
        + "and series the catalog lost are named lost-and-found/series-<id>. Nothing is deleted.",
        "Run `historian verify` before and after."})
final class RepairCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./historian-data).")
    private Path data = Path.of("historian-data");

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new NoSuchFileException(data + " (no data directory there)");
        }
        PrintWriter out = spec.commandLine().getOut();
        List<String> actions;
        try (Historian historian = DataDirectories.open(data, StorageOptions.builder().backgroundCompaction(false))) {
            for (StorageProblem problem : historian.problems()) {
                out.println("found: " + problem.file() + " at offset " + problem.offset() + ": " + problem.reason());
            }
            actions = historian.repair();
        }
        for (String action : actions) {
            out.println("repaired: " + action);
        }
        out.println(actions.isEmpty() ? data.toAbsolutePath() + ": nothing to repair"
            : data.toAbsolutePath() + ": " + actions.size() + " repair(s) done; run `historian verify --data " + data
            + "` to check");
        out.flush();
        return 0;
    }
}
