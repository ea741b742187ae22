package io.unshistorian.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gives each fuzz target its own corpus directory (docs/fuzzing.md). The build's fuzz run names a
 * root ({@value #ROOT_PROPERTY}) and the libFuzzer command line ({@code jazzer.internal.arg.N}); a
 * fuzzer's {@code @BeforeAll} calls {@link #perTarget} before Jazzer reads that command line, which
 * then ends with {@code <root>/<fuzzer class>}: the directory libFuzzer keeps the inputs it finds
 * in (instead of {@code .cifuzz-corpus} in the source tree). Without them (an IDE run, a replay of
 * the committed inputs) nothing changes.
 */
public final class FuzzCorpus {
    public static final String ROOT_PROPERTY = "uns.fuzz.corpus";
    /** jazzer-junit 0.24 reads its libFuzzer command line from these, numbered from 0 (argv[0]). */
    private static final String ARGUMENT = "jazzer.internal.arg.";

    private FuzzCorpus() {
    }

    /** Creates {@code <root>/<target's simple name>} and hands it to libFuzzer as the corpus directory. */
    public static void perTarget(Class<?> target) throws IOException {
        String root = System.getProperty(ROOT_PROPERTY);
        int next = 0;
        while (System.getProperty(ARGUMENT + next) != null) {
            next++;
        }
        if (root == null || root.isEmpty() || next == 0) {
            return;
        }
        Path directory = Files.createDirectories(Path.of(root, target.getSimpleName()));
        System.setProperty(ARGUMENT + next, directory.toAbsolutePath().toString());   // appended to the command line
    }
}
