package io.unshistorian.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's root (where README.md and docs/ are), for tests that check the docs. */
final class RepositoryRoot {
    private RepositoryRoot() {
    }

    static Path find() {
        Path module = Path.of("").toAbsolutePath();
        for (Path candidate = module; candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve("README.md")) && Files.isDirectory(candidate.resolve("docs"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no README.md and docs/ above " + module);
    }
}
