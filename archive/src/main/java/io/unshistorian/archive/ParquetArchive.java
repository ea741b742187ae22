package io.unshistorian.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.unshistorian.embedded.Historian;
import io.unshistorian.storage.PartitionInfo;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.series.Series;

import org.apache.parquet.io.api.Binary;

/**
 * Archives cold history as Parquet under a root directory ({@code docs/archive.md}):
 * {@code samples/level1=…/…/date=YYYY-MM-DD/part-0.parquet}, one file per namespace partition and
 * UTC day, rows sorted by path and time; {@code series/series.parquet} with each series' type and
 * metadata; {@code _manifest.tsv} with what is archived. Incremental: a day is exported when it is
 * cold and new, or when the storage generation of its partition changed since it was exported (late
 * samples, a merge). An export that would hold fewer rows than the archived file (retention has
 * dropped data the archive still has) keeps the archived file and says so.
 */
public final class ParquetArchive {
    static final long DAY_NANOS = 86_400_000_000_000L;
    private static final String FILE_NAME = "part-0.parquet";
    private static final String NO_LEVEL = "__HIVE_DEFAULT_PARTITION__";

    private final Historian historian;
    private final Path root;
    private final ArchiveOptions options;
    private final List<String> problems = new ArrayList<>();
    private int files;
    private long rows;
    private long bytes;

    private ParquetArchive(Historian historian, Path root, ArchiveOptions options) {
        this.historian = historian;
        this.root = root;
        this.options = options;
    }

    /** Runs one incremental export of {@code historian}'s cold days into {@code root}. */
    public static ArchiveReport run(Historian historian, Path root, ArchiveOptions options) throws IOException {
        return new ParquetArchive(historian, root, options).run();
    }

    private ArchiveReport run() throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(root);
        ArchiveManifest manifest = ArchiveManifest.open(root);
        Map<String, List<Series>> groups = groups(selected());
        long cutoff = Math.multiplyExact(options.clockMillis().getAsLong(), 1_000_000L) - options.coldAfter().toNanos();
        int exported = 0;
        int unchanged = 0;
        int notCold = 0;
        for (Map.Entry<LocalDate, Long> day : dayGenerations().entrySet()) {
            long dayStart = day.getKey().toEpochDay() * DAY_NANOS;
            if (dayStart > cutoff - DAY_NANOS) {
                notCold++;
                continue;
            }
            ArchiveManifest.Day archived = manifest.day(day.getKey());
            if (archived != null && archived.generation() == day.getValue()) {
                unchanged++;
                continue;
            }
            manifest.put(day.getKey(), exportDay(day.getKey(), dayStart, day.getValue(), archived, groups));
            manifest.save();
            exported++;
        }
        writeSeriesTable(groups);
        return new ArchiveReport(exported, unchanged, notCold, files, rows, bytes, (System.nanoTime() - started) / 1e9,
            List.copyOf(problems));
    }

    /** The series of the filters, each once, by path. */
    private List<Series> selected() {
        Map<String, Series> byPath = new TreeMap<>();
        for (String filter : options.filters()) {
            for (Series series : historian.find(filter)) {
                byPath.put(series.path(), series);
            }
        }
        return new ArrayList<>(byPath.values());
    }

    /** The series by their partition directory ({@code level1=…/level2=…}), directories and series in order. */
    private Map<String, List<Series>> groups(List<Series> series) {
        Map<String, List<Series>> groups = new TreeMap<>();
        for (Series one : series) {
            groups.computeIfAbsent(partitionDirectory(one.path(), options.levels()), d -> new ArrayList<>()).add(one);
        }
        return groups;
    }

    /** Every UTC day some block file covers, with the highest generation of the partitions covering it. */
    private Map<LocalDate, Long> dayGenerations() {
        Map<LocalDate, Long> days = new TreeMap<>();
        for (PartitionInfo partition : historian.partitions()) {
            long last = partition.endNanos() < partition.startNanos() ? Long.MAX_VALUE : partition.endNanos() - 1;
            for (long day = Math.floorDiv(partition.startNanos(), DAY_NANOS); day <= Math.floorDiv(last, DAY_NANOS); day++) {
                days.merge(LocalDate.ofEpochDay(day), partition.generation(), Math::max);
            }
        }
        return days;
    }

    private ArchiveManifest.Day exportDay(LocalDate day, long dayStart, long generation, ArchiveManifest.Day archived,
                                          Map<String, List<Series>> groups) throws IOException {
        Map<String, Long> archivedRows = new LinkedHashMap<>();
        if (archived != null) {
            archived.files().forEach(file -> archivedRows.put(file.path(), file.rows()));
        }
        List<ArchiveManifest.ArchivedFile> kept = new ArrayList<>();
        Set<String> written = new HashSet<>();
        boolean keptOlder = false;
        long dayEnd = dayStart + DAY_NANOS;
        for (Map.Entry<String, List<Series>> group : groups.entrySet()) {
            String relative = "samples/" + group.getKey() + (group.getKey().isEmpty() ? "" : "/") + "date=" + day + "/"
                + FILE_NAME;
            try (ParquetFile<SampleRows.Row> file = writeGroup(relative, group.getValue(), dayStart, dayEnd)) {
                if (file == null) {
                    continue;
                }
                Long before = archivedRows.get(relative);
                if (before != null && file.rows() < before) {
                    problems.add(day + " " + relative + ": kept the archived file (" + before + " rows); the data "
                        + "directory now holds " + file.rows() + " (retention has dropped some)");
                    kept.add(new ArchiveManifest.ArchivedFile(relative, before));
                    written.add(relative);
                    keptOlder = true;
                    continue;   // closing drops the new file
                }
                bytes += file.commit();
                files++;
                rows += file.rows();
                kept.add(new ArchiveManifest.ArchivedFile(relative, file.rows()));
                written.add(relative);
            }
        }
        for (String stale : archivedRows.keySet()) {
            if (!written.contains(stale)) {
                // Its series no longer have samples that day; the archive keeps what it had.
                kept.add(new ArchiveManifest.ArchivedFile(stale, archivedRows.get(stale)));
            }
        }
        // A day with a kept file stays at its archived generation: its new samples (late data beside
        // what retention dropped) are not in the archive, so every run tries it again and says so.
        return new ArchiveManifest.Day(keptOlder ? archived.generation() : generation, kept);
    }

    /** The group's samples of one day in a new file, or null when it has none (nothing is created then). */
    private ParquetFile<SampleRows.Row> writeGroup(String relative, List<Series> series, long dayStart, long dayEnd)
        throws IOException {
        SampleRows.Row row = new SampleRows.Row();
        ParquetFile<SampleRows.Row>[] file = newFileHolder();
        IOException[] failure = {null};
        try {
            for (Series one : series) {
                row.path = Binary.fromConstantByteArray(one.path().getBytes(StandardCharsets.UTF_8));
                row.type = one.type();
                try {
                    historian.readRaw(one.path(), dayStart, dayEnd, (time, valueBits, quality, text) -> {
                        if (failure[0] != null) {
                            return;
                        }
                        try {
                            if (file[0] == null) {
                                file[0] = ParquetFile.create(root.resolve(relative), new SampleRows());
                            }
                            row.time = time;
                            row.valueBits = valueBits;
                            row.quality = quality;
                            row.text = text;
                            file[0].write(row);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    });
                } catch (DataDamagedException e) {
                    problems.add(one.path() + " " + LocalDate.ofEpochDay(Math.floorDiv(dayStart, DAY_NANOS)) + ": "
                        + e.getMessage() + " (the readable samples are archived)");
                }
                if (failure[0] != null) {
                    throw failure[0];
                }
            }
            return file[0];
        } catch (IOException | RuntimeException e) {
            if (file[0] != null) {
                try {
                    file[0].close();
                } catch (IOException | RuntimeException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static ParquetFile<SampleRows.Row>[] newFileHolder() {
        return (ParquetFile<SampleRows.Row>[]) new ParquetFile<?>[1];
    }

    private void writeSeriesTable(Map<String, List<Series>> groups) throws IOException {
        try (ParquetFile<Series> table = ParquetFile.create(root.resolve("series").resolve("series.parquet"),
            new SeriesRows())) {
            for (List<Series> group : groups.values()) {
                for (Series series : group) {
                    table.write(series);
                }
            }
            table.commit();
        }
    }

    /** {@code level1=acme/level2=dallas} for the first {@code levels} segments, Hive-escaped. */
    static String partitionDirectory(String path, int levels) {
        String[] segments = path.split("/", -1);
        StringBuilder directory = new StringBuilder();
        for (int level = 0; level < levels; level++) {
            if (level > 0) {
                directory.append('/');
            }
            // A series with fewer levels than that, or the leaf itself, goes under the default partition.
            String value = level < segments.length - 1 ? escape(segments[level]) : NO_LEVEL;
            directory.append("level").append(level + 1).append('=').append(value);
        }
        return directory.toString();
    }

    /** Hive's escaping of a partition value: bytes outside {@code A-Z a-z 0-9 . _ -} (and a space) as %XX. */
    static String escape(String segment) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-'
                || c == ' ') {
                escaped.append((char) c);
            } else {
                escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                    .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return escaped.toString();
    }
}
