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
 * sent them: one line {@code THROUGH\tMIN\tMAX} per deleted WAL file (the last batch's sequence, the
 * earliest and latest sample time in ns). Written by the compactor's thread, forced before the WAL
 * file is deleted, read by the forwarder's; every method is synchronized.
 */
final class Backfills {
    /** One deleted WAL file: its last batch and its samples' time span. */
    record Span(long through, long minNanos, long maxNanos) {
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
                    spans.add(new Span(Long.parseLong(cells[0]), Long.parseLong(cells[1]), Long.parseLong(cells[2])));
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
    synchronized void record(long through, long minNanos, long maxNanos) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((through + "\t" + minNanos + "\t" + maxNanos + "\n")
                .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        spans.add(new Span(through, minNanos, maxNanos));
    }

    /**
     * The deleted files holding batches {@code from..to}: their highest last batch (at most
     * {@code to}) and their joint time span, or null when none was recorded.
     */
    synchronized Span covering(long from, long to) {
        long through = -1;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Span span : spans) {
            if (span.through() >= from && span.through() <= to) {
                through = Math.max(through, span.through());
                min = Math.min(min, span.minNanos());
                max = Math.max(max, span.maxNanos());
            }
        }
        return through < 0 ? null : new Span(through, min, max);
    }

    /** Forgets the spans through {@code through} (sent); rewrites the file. */
    synchronized void done(long through) throws IOException {
        spans.removeIf(span -> span.through() <= through);
        rewrite();
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Span span : spans) {
            text.append(span.through()).append('\t').append(span.minNanos()).append('\t').append(span.maxNanos())
                .append('\n');
        }
        AtomicFiles.replace(file, text.toString());
    }
}
