package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** {@code --version} on every command that offers it, subcommands included (they used to print nothing). */
class VersionOptionTest {
    @Test
    void everyCommandPrintsTheVersion() {
        List<List<String>> commands = new ArrayList<>();
        collect(HistorianCli.newCommandLine(), new ArrayList<>(), commands);
        assertTrue(commands.size() > 15, "the top command, its subcommands and theirs: " + commands);
        for (List<String> command : commands) {
            List<String> arguments = new ArrayList<>(command);
            arguments.add("--version");
            InProcessCli.Result result = InProcessCli.run(arguments.toArray(new String[0]));
            assertEquals(0, result.exit(), arguments + ": " + result.err());
            assertEquals("UNS Historian " + HistorianVersion.version(), result.out().strip(), arguments.toString());
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> commands) {
        if (command.getCommandSpec().findOption("--version") != null) {
            commands.add(path);
        }
        command.getSubcommands().forEach((name, sub) -> {
            List<String> subPath = new ArrayList<>(path);
            subPath.add(name);
            collect(sub, subPath, commands);
        });
    }
}
