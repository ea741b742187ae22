package io.unshistorian.storage.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.RollCycle;

/**
 * The layout of {@code <data>/wal}: one Chronicle Queue directory per time the data directory was
 * opened ({@code wal/<20-digit session>/}, cycle files {@code <cycle name>.cq4} and Chronicle's
 * {@code metadata.cq4t}). A session appends only to its own queue, so a file left damaged by an
 * earlier run is never written to again; earlier sessions are only read (on open) and deleted once
 * compacted. Cycle files directly in {@code wal/} are those of a directory written before sessions
 * existed (version 1 records), read the same way.
 */
final class WalDirectory {
    static final String CYCLE_SUFFIX = ".cq4";
    static final String METADATA_FILE = "metadata.cq4t";

    private final Path root;
    private final RollCycle rollCycle;
    private final DateTimeFormatter cycleNames;

    WalDirectory(Path root, RollCycle rollCycle) {
        this.root = root;
        this.rollCycle = rollCycle;
        this.cycleNames = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
    }

    /** One cycle file of a session (or of the pre-session layout, session -1). */
    record CycleFile(long session, int cycle, Path path) {
    }

    Path root() {
        return root;
    }

    /** The session directories that exist, oldest first. */
    List<Long> sessions() throws IOException {
        List<Long> sessions = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return sessions;
        }
        try (Stream<Path> children = Files.list(root)) {
            children.filter(Files::isDirectory).forEach(child -> {
                long session = sessionOf(child.getFileName().toString());
                if (session >= 0) {
                    sessions.add(session);
                }
            });
        }
        sessions.sort(Comparator.naturalOrder());
        return sessions;
    }

    /** The directory of a session; the pre-session layout (-1) is the root itself. */
    Path sessionDirectory(long session) {
        return session < 0 ? root : root.resolve(String.format("%020d", session));
    }

    /** Every cycle file of the earlier sessions: pre-session files first, then by session and cycle. */
    List<CycleFile> cycleFiles(List<Long> sessions) throws IOException {
        List<CycleFile> files = new ArrayList<>(cycleFilesOf(-1));
        for (long session : sessions) {
            files.addAll(cycleFilesOf(session));
        }
        return files;
    }

    /** The cycle files of one session, by cycle. Names that are not cycles are left alone. */
    List<CycleFile> cycleFilesOf(long session) throws IOException {
        List<CycleFile> files = new ArrayList<>();
        Path directory = sessionDirectory(session);
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> children = Files.list(directory)) {
            children.filter(Files::isRegularFile).forEach(child -> {
                String name = child.getFileName().toString();
                if (name.endsWith(CYCLE_SUFFIX)) {
                    Integer cycle = cycleOf(name.substring(0, name.length() - CYCLE_SUFFIX.length()));
                    if (cycle != null) {
                        files.add(new CycleFile(session, cycle, child));
                    }
                }
            });
        }
        files.sort(Comparator.comparingInt(CycleFile::cycle));
        return files;
    }

    /** Deletes a session's directory when no cycle file is left in it (the pre-session root only its metadata). */
    void deleteIfEmpty(long session) throws IOException {
        if (!cycleFilesOf(session).isEmpty()) {
            return;
        }
        Path directory = sessionDirectory(session);
        Files.deleteIfExists(directory.resolve(METADATA_FILE));
        if (session >= 0) {
            try (Stream<Path> rest = Files.list(directory)) {
                if (rest.findAny().isEmpty()) {
                    Files.deleteIfExists(directory);
                }
            }
        }
    }

    private static long sessionOf(String name) {
        if (name.length() != 20) {
            return -1;
        }
        try {
            return Long.parseLong(name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The Chronicle cycle a file name stands for, or null when it is not one. */
    Integer cycleOf(String baseName) {
        try {
            TemporalAccessor parsed = cycleNames.parse(baseName);
            long epochSecond = LocalDateTime.of(
                parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : 1970,
                parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1,
                parsed.isSupported(ChronoField.HOUR_OF_DAY) ? parsed.get(ChronoField.HOUR_OF_DAY) : 0,
                parsed.isSupported(ChronoField.MINUTE_OF_HOUR) ? parsed.get(ChronoField.MINUTE_OF_HOUR) : 0,
                parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0)
                .toEpochSecond(ZoneOffset.UTC);
            return (int) (epochSecond * 1000 / rollCycle.lengthInMillis());
        } catch (DateTimeException e) {
            return null;
        }
    }
}
