package io.unshistorian.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the archive holds ({@code _manifest.tsv}, spec in {@code docs/format/archive.md}): per UTC
 * day, the storage generation it was exported at and its files with their row counts. A day whose
 * generation is unchanged is not exported again. Replaced atomically after every day exported.
 */
final class ArchiveManifest {
    static final String FILE = "_manifest.tsv";
    private static final String HEADER = "# UNS Historian Parquet archive manifest v1 (docs/format/archive.md)";

    /** One archived file of a day: its path under the archive root, and its rows. */
    record ArchivedFile(String path, long rows) {
    }

    /** One archived day. */
    record Day(long generation, List<ArchivedFile> files) {
    }

    private final Path file;
    private final Map<LocalDate, Day> days;

    private ArchiveManifest(Path file, Map<LocalDate, Day> days) {
        this.file = file;
        this.days = days;
    }

    static ArchiveManifest open(Path root) throws IOException {
        Path file = root.resolve(FILE);
        Map<LocalDate, Day> days = new TreeMap<>();
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                try {
                    String[] cells = line.split("\t");
                    LocalDate day = LocalDate.parse(cells[0]);
                    long generation = Long.parseLong(cells[1]);
                    Day known = days.computeIfAbsent(day, d -> new Day(generation, new ArrayList<>()));
                    if (!cells[2].equals("-")) {
                        known.files().add(new ArchivedFile(cells[2], Long.parseLong(cells[3])));
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + (n + 1) + " is not a manifest line (" + e + "); restore it "
                        + "from a backup, or move it away to export every day again");
                }
            }
        }
        return new ArchiveManifest(file, days);
    }

    Day day(LocalDate day) {
        return days.get(day);
    }

    void put(LocalDate day, Day archived) {
        days.put(day, archived);
    }

    void save() throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("# day\tgeneration\tfile\trows\n");
        days.forEach((day, archived) -> {
            if (archived.files().isEmpty()) {
                text.append(day).append('\t').append(archived.generation()).append("\t-\t0\n");
            }
            for (ArchivedFile one : archived.files()) {
                text.append(day).append('\t').append(archived.generation()).append('\t').append(one.path()).append('\t')
                    .append(one.rows()).append('\n');
            }
        });
        Path beside = file.resolveSibling(FILE + ".new");
        try (FileChannel channel = FileChannel.open(beside, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        try {
            Files.move(beside, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(beside, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
