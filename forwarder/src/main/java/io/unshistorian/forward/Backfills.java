package io.unshistorian.forward;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Spans of edge batches the WAL deleted before the forwarder sent them (past the backlog cap), kept
 * in {@code forward/NAME.backfill} until the forwarder has read them back from the block files and
 * sent them: one line {@code FIRST\tTHROUGH\tMIN\tMAX} per deleted WAL file (its first and last
 * batch's sequence, the earliest and latest sample time in ns). Written by the compactor's thread, forced before the WAL
 * file is deleted, read by the forwarder's; every method is synchronized.
 */
final class Backfills {
    /** One deleted WAL file: its first and last batch and its samples' time span. */
    record Span(long first, long through, long minNanos, long maxNanos) {
    }

    private final Path file;
    private final List<Span> spans = new ArrayList<>();

    Backfills(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int n = 0; n < lines.size(); n++) {
                String[] cells = lines.get(n).split("\t");
                try {
                    spans.add(new Span(Long.parseLong(cells[0]), Long.parseLong(cells[1]), Long.parseLong(cells[2]),
                        Long.parseLong(cells[3])));
                } catch (RuntimeException e) {
                    if (n != lines.size() - 1) {
                        throw new IOException(file + " line " + (n + 1) + " is not a back-fill span; move the file "
                            + "away (its spans then show as gaps)");
                    }
                    // A line torn by a crash while it was appended (its WAL file was not deleted then):
                    // dropped, so that the next append does not continue it.
                    rewrite();
                }
            }
        }
    }

    /** Records a WAL file about to be deleted unsent; forced to disk before it returns. */
    synchronized void record(long first, long through, long minNanos, long maxNanos) throws IOException {
        boolean created = !Files.exists(file);
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((first + "\t" + through + "\t" + minNanos + "\t" + maxNanos + "\n")
                .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        if (created) {
            try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
                directory.force(true);
            }
        }
        spans.add(new Span(first, through, minNanos, maxNanos));
    }

    /**
     * The deleted files that hold batches {@code from..to} without a hole, in order from the one
     * holding {@code from}: each of them can be sent from the block files. Empty when the file
     * holding {@code from} was not recorded (deleted some other way: a gap).
     */
    synchronized List<Span> covering(long from, long to) {
        List<Span> sorted = new ArrayList<>(spans);
        sorted.sort(java.util.Comparator.comparingLong(Span::first));
        List<Span> chain = new ArrayList<>();
        long next = from;
        for (Span span : sorted) {
            if (next > to) {
                break;
            }
            if (span.through() < next) {
                continue;
            }
            if (span.first() > next) {
                break;   // a hole: what it held went some other way
            }
            chain.add(span);
            next = span.through() + 1;
        }
        return chain;
    }

    /** Forgets the spans through {@code through} (sent); rewrites the file. */
    synchronized void done(long through) throws IOException {
        spans.removeIf(span -> span.through() <= through);
        rewrite();
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Span span : spans) {
            text.append(span.first()).append('\t').append(span.through()).append('\t').append(span.minNanos())
                .append('\t').append(span.maxNanos()).append('\n');
        }
        AtomicFiles.replace(file, text.toString());
    }
}
