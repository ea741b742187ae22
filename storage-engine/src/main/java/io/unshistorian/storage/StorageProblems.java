package io.unshistorian.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the {@link StorageProblem}s the engine met while opening and running, and logs each
 * as a warning. Thread-safe.
 */
public final class StorageProblems {
    private static final Logger LOG = LoggerFactory.getLogger(StorageProblems.class);

    private final List<StorageProblem> problems = new ArrayList<>();

    public void report(Path file, long offset, String reason) {
        StorageProblem problem = new StorageProblem(file, offset, reason);
        LOG.warn("unreadable data skipped: {}", problem);
        synchronized (problems) {
            problems.add(problem);
        }
    }

    /** How many problems were reported so far. */
    public int count() {
        synchronized (problems) {
            return problems.size();
        }
    }

    /** A copy of everything reported so far. */
    public List<StorageProblem> all() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }
}
