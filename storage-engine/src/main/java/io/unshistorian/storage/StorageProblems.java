package io.unshistorian.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the {@link StorageProblem}s the engine met while opening and running, and logs each
 * as a warning. Thread-safe.
 */
public final class StorageProblems {
    private static final System.Logger LOG = System.getLogger(StorageProblems.class.getName());

    private final List<StorageProblem> problems = new ArrayList<>();

    public void report(Path file, long offset, String reason) {
        StorageProblem problem = new StorageProblem(file, offset, reason);
        LOG.log(System.Logger.Level.WARNING, "unreadable data skipped: {0}", problem);
        synchronized (problems) {
            problems.add(problem);
        }
    }

    /** A copy of everything reported so far. */
    public List<StorageProblem> all() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }
}
