package io.unshistorian.testkit;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that runs a main class of this test's class path with the JVM
 * flags the project needs (the {@code --add-*} exports and opens, Chronicle's and Agrona's
 * properties), for tests that crash, kill or starve a separate process.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** {@code java <project flags> <extra JVM options> -cp <this class path> <main> <arguments>}. */
    public static List<String> command(List<String> jvmOptions, Class<?> main, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle") || argument.startsWith("-Dagrona")
                || argument.startsWith("--sun-misc") || argument.startsWith("--enable-native")) {
                command.add(argument);
            }
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(arguments));
        return command;
    }
}
