package io.unshistorian.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the {@link StorageProblem}s the engine met while opening and running, and logs each
 * as a warning. A place (file and offset) is reported once, however often reads meet it again, and
 * at most {@value #MAX_KEPT} are kept (the rest are counted), so damage that every query touches
 * neither floods the log nor grows memory. Thread-safe.
 */
public final class StorageProblems {
    private static final Logger LOG = LoggerFactory.getLogger(StorageProblems.class);
    static final int MAX_KEPT = 10_000;

    private final List<StorageProblem> problems = new ArrayList<>();
    private final Set<String> places = new HashSet<>();
    private long dropped;

    public void report(Path file, long offset, String reason) {
        StorageProblem problem = new StorageProblem(file, offset, reason);
        synchronized (problems) {
            if (!places.add(file + "@" + offset)) {
                return;
            }
            if (problems.size() == MAX_KEPT) {
                dropped++;
                places.remove(file + "@" + offset);
                if (dropped % MAX_KEPT != 1) {
                    return;
                }
                LOG.warn("more than {} storage problems; only counted from now on ({} so far)", MAX_KEPT, dropped);
                return;
            }
            problems.add(problem);
        }
        LOG.warn("unreadable data skipped: {}", problem);
    }

    /** Problems met beyond the {@value #MAX_KEPT} kept. */
    public long dropped() {
        synchronized (problems) {
            return dropped;
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
