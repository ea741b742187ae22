package io.unshistorian.benchmarks.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.unshistorian.archive.ArchiveOptions;
import io.unshistorian.archive.ArchiveReport;
import io.unshistorian.archive.ParquetArchive;
import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

/**
 * The Parquet archive's speed and size: a workload of the peer harness is stored and settled, then
 * archived (every day cold); rows/s of the archive run, and bytes per sample of the Parquet files
 * against our own block files of the same data. A second run shows the cost of an incremental run
 * with nothing changed.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.peers.ArchiveHarness [year] [plant]</pre>
 */
public final class ArchiveHarness {
    private ArchiveHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<String> workloads = args.length == 0 ? List.of("year", "plant") : List.of(args);
        System.out.printf("%-8s %12s %10s %12s %12s %14s %12s%n", "workload", "samples", "archive s", "M rows/s",
            "Parquet B/s", "our blocks B/s", "again s");
        for (String workload : workloads) {
            run(workload);
        }
    }

    private static void run(String workload) throws Exception {
        Path dir = Files.createTempDirectory("uns-archive-");
        Path root = dir.resolve("archive");
        long[] samples = {0};
        try (Historian historian = Historian.open(dir.resolve("data"), StorageOptions.builder().build())) {
            WriteBatch batch = new WriteBatch(10_000);
            String[] paths = new String[PeerWorkloads.PLANT_SERIES];
            for (int s = 0; s < paths.length; s++) {
                paths[s] = workload.equals("year") ? "year/site/oven/temperature" : PeerWorkloads.plantPath(s);
            }
            PeerWorkloads.Sink sink = (series, timestampMs, value) -> {
                batch.addDouble(paths[series], timestampMs * 1_000_000L, value);
                samples[0]++;
                if (batch.size() == 10_000) {
                    try {
                        historian.write(batch);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    batch.clear();
                }
            };
            if (workload.equals("year")) {
                PeerWorkloads.year(sink);
            } else {
                PeerWorkloads.plant(sink);
            }
            historian.write(batch);
            historian.settle();
            long blockBytes = historian.status().blockBytes();
            ArchiveOptions options = new ArchiveOptions(List.of("#"), 2, Duration.ZERO, () -> Long.MAX_VALUE / 1_000_000);
            ArchiveReport report = ParquetArchive.run(historian, root, options);
            ArchiveReport again = ParquetArchive.run(historian, root, options);
            if (report.rows() != samples[0] || !report.problems().isEmpty()) {
                throw new IllegalStateException("archived " + report.rows() + " of " + samples[0] + " samples: " + report);
            }
            System.out.printf("%-8s %,12d %10.1f %12.2f %12.2f %14.2f %12.2f%n", workload, samples[0], report.seconds(),
                report.rows() / report.seconds() / 1e6, report.bytes() / (double) report.rows(),
                blockBytes / (double) samples[0], again.seconds());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
