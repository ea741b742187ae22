package io.unshistorian.forward;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A forwarder's durable cursor and gap ledger, in one text file ({@code docs/format/forward-state.md})
 * replaced atomically (written beside, forced, renamed): the edge WAL sequence through which every
 * batch is acknowledged by the central (or listed as a gap), what each series has had acknowledged,
 * and the ranges that did not reach the central, with why. An incarnation, made once, names this
 * data directory's sequence numbering at the central: a new directory starts a new one, so the
 * central never takes its batches for resends of the old one's. Not thread-safe; the forwarder's
 * thread owns it and hands out {@link #snapshot}s.
 */
public final class ForwardState {
    static final int VERSION = 1;

    /** What one series has had acknowledged: samples, and the first and last timestamp. */
    public record SeriesLedger(long samples, long firstNanos, long lastNanos) {
    }

    /** Edge WAL sequences {@code from..to} that did not reach the central, and why. */
    public record Gap(long from, long to, String reason) {
    }

    private final Path file;
    private final String incarnation;
    private long acknowledged;
    private long samples;
    /** Per edge path: samples, first and last timestamp; updated in place on every acknowledgement. */
    private final Map<String, long[]> series;
    private final List<Gap> gaps;
    /** Edge batches the WAL deleted unsent, read back from the block files and sent: not gaps. */
    private final List<Gap> backfilled;

    private ForwardState(Path file, String incarnation, long acknowledged, long samples, Map<String, long[]> series,
                         List<Gap> gaps, List<Gap> backfilled) {
        this.backfilled = backfilled;
        this.file = file;
        this.incarnation = incarnation;
        this.acknowledged = acknowledged;
        this.samples = samples;
        this.series = series;
        this.gaps = gaps;
    }

    /** The state in {@code file}, or a new one (nothing acknowledged, a new incarnation) when there is none. */
    public static ForwardState open(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ForwardState(file, UUID.randomUUID().toString(), -1, 0, new HashMap<>(), new ArrayList<>(),
                new ArrayList<>());
        }
        return read(file);
    }

    /** Reads a state file; a file that does not parse is an error naming its line. */
    public static ForwardState read(Path file) throws IOException {
        String incarnation = null;
        long acknowledged = -1;
        long samples = 0;
        Map<String, long[]> series = new HashMap<>();
        List<Gap> gaps = new ArrayList<>();
        List<Gap> backfilled = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            int equals = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                String key = line.substring(0, equals);
                String value = line.substring(equals + 1);
                switch (key) {
                    case "version" -> {
                        if (Integer.parseInt(value) != VERSION) {
                            throw new IllegalArgumentException("version " + value + " is not one this build reads ("
                                + VERSION + ")");
                        }
                    }
                    case "incarnation" -> incarnation = value;
                    case "acknowledged" -> acknowledged = Long.parseLong(value);
                    case "samples" -> samples = Long.parseLong(value);
                    case "series" -> {
                        String[] parts = value.split("\t");
                        series.put(parts[0], new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                            Long.parseLong(parts[3])});
                    }
                    case "gap", "backfilled" -> {
                        String[] parts = value.split("\t", 3);
                        (key.equals("gap") ? gaps : backfilled).add(new Gap(Long.parseLong(parts[0]),
                            Long.parseLong(parts[1]), parts[2]));
                    }
                    default -> throw new IllegalArgumentException("unknown key '" + key + "'");
                }
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + (n + 1) + " is not a forward state line (" + e.getMessage()
                    + "); restore it from a backup, or delete it to forward everything still in the WAL again");
            }
        }
        if (incarnation == null) {
            throw new IOException(file + " has no incarnation line; delete it to forward everything still in the WAL again");
        }
        return new ForwardState(file, incarnation, acknowledged, samples, series, gaps, backfilled);
    }

    public String incarnation() {
        return incarnation;
    }

    /** The edge WAL sequence through which every batch is acknowledged or listed as a gap; -1 when none. */
    public long acknowledged() {
        return acknowledged;
    }

    public long samples() {
        return samples;
    }

    public List<Gap> gaps() {
        return List.copyOf(gaps);
    }

    /** Edge batches deleted from the WAL unsent and sent from the block files instead (not gaps). */
    public List<Gap> backfilled() {
        return List.copyOf(backfilled);
    }

    /** The per-series ledger, by edge path, in path order (a copy). */
    public Map<String, SeriesLedger> series() {
        Map<String, SeriesLedger> ledger = new TreeMap<>();
        series.forEach((path, figures) -> ledger.put(path, new SeriesLedger(figures[0], figures[1], figures[2])));
        return ledger;
    }

    /** Records a batch ending at edge sequence {@code through} as acknowledged. */
    void acknowledge(long through, long count) {
        acknowledged = Math.max(acknowledged, through);
        samples += count;
    }

    /** Adds what the central acknowledged of one series (under its edge path). */
    void acknowledgeSeries(String path, long count, long first, long last) {
        long[] figures = series.get(path);
        if (figures == null) {
            series.put(path, new long[] {count, first, last});
        } else {
            figures[0] += count;
            figures[1] = Math.min(figures[1], first);
            figures[2] = Math.max(figures[2], last);
        }
    }

    /**
     * Lists samples of edge batches {@code from..to} that will not reach the central while the rest
     * of them does; the cursor does not move.
     */
    void lost(long from, long to, String reason) {
        gaps.add(new Gap(from, to, reason));
    }

    /** Lists edge sequences that will never reach the central; the cursor moves past them. */
    void gap(long from, long to, String reason) {
        gaps.add(new Gap(from, to, reason));
        acknowledged = Math.max(acknowledged, to);
    }

    /** Records edge batches {@code from..to} as read back from the block files and sent; the cursor moves past them. */
    void backfilled(long from, long to, String how) {
        backfilled.add(new Gap(from, to, how));
        acknowledged = Math.max(acknowledged, to);
    }

    /** Writes the state: beside the file, forced, then renamed over it, and the directory forced. */
    void save() throws IOException {
        StringBuilder text = new StringBuilder(64 + series.size() * 64);
        text.append("# UNS Historian forwarder state (docs/format/forward-state.md)\n");
        text.append("version=").append(VERSION).append('\n');
        text.append("incarnation=").append(incarnation).append('\n');
        text.append("acknowledged=").append(acknowledged).append('\n');
        text.append("samples=").append(samples).append('\n');
        for (Gap gap : gaps) {
            text.append("gap=").append(gap.from()).append('\t').append(gap.to()).append('\t')
                .append(gap.reason().replace('\n', ' ')).append('\n');
        }
        for (Gap done : backfilled) {
            text.append("backfilled=").append(done.from()).append('\t').append(done.to()).append('\t')
                .append(done.reason().replace('\n', ' ')).append('\n');
        }
        for (Map.Entry<String, SeriesLedger> entry : series().entrySet()) {
            SeriesLedger ledger = entry.getValue();
            text.append("series=").append(entry.getKey()).append('\t').append(ledger.samples()).append('\t')
                .append(ledger.firstNanos()).append('\t').append(ledger.lastNanos()).append('\n');
        }
        AtomicFiles.replace(file, text.toString());
    }

    /** A copy of the cursor, counts and gaps for other threads (status); without the per-series ledger. */
    public ForwardState snapshot() {
        return new ForwardState(file, incarnation, acknowledged, samples, Map.of(), new ArrayList<>(gaps),
            new ArrayList<>(backfilled));
    }
}
