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

    /** Starts the schedule when a root is set (flag or {@code archive.to}); null otherwise. */
    ScheduledExecutorService start(Historian historian, Properties file) {
        String to = root != null ? root.toString() : file.getProperty("archive.to");
        if (to == null || to.isBlank()) {
            return null;
        }
        Path target = Path.of(to.strip());
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
