package io.unshistorian.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.unshistorian.archive.ArchiveOptions;
import io.unshistorian.archive.ParquetArchive;
import io.unshistorian.embedded.Historian;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import picocli.CommandLine.Option;

/** {@code serve --archive-to DIR}: the archive run in the background, every {@code --archive-every}. */
final class ArchiveSchedule {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveSchedule.class);

    @Option(names = "--archive-to", paramLabel = "DIR", description = "Archive cold days as Parquet into this "
        + "directory in the background (docs/archive.md).")
    Path root;

    @Option(names = "--archive-every", paramLabel = "DURATION", description = "How often (default: 1h).")
    String every;

    @Option(names = "--archive-filter", paramLabel = "FILTERS", description = "What to archive (default: #).")
    String filters;

    /** The archive's root (flag, else {@code archive.to}), or null when serve does not archive. */
    Path target(Properties file) {
        String to = root != null ? root.toString() : file.getProperty("archive.to");
        return to == null || to.isBlank() ? null : Path.of(to.strip());
    }

    /** Starts the schedule when a root is set; null otherwise. */
    ScheduledExecutorService start(Historian historian, Properties file) {
        Path target = target(file);
        if (target == null) {
            return null;
        }
        long period = Math.max(1, Duration.ofNanos(TimeArguments.duration(every != null ? every
            : file.getProperty("archive.every", "1h"))).toSeconds());
        ArchiveOptions options = ArchiveCommand.options(filters != null ? filters : file.getProperty("archive.filter"),
            Integer.parseInt(file.getProperty("archive.levels", "2")), file.getProperty("archive.cold-after", "1h"));
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "uns-historian-archive");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(() -> {
            try {
                LOG.info(ArchiveCommand.describe(ParquetArchive.run(historian, target, options), target));
            } catch (Exception e) {
                LOG.error("archiving to {} failed, retried in {} s: {}", target, period, e.toString());
            }
        }, 0, period, TimeUnit.SECONDS);
        return schedule;
    }
}
