package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.unshistorian.client.WriteStream;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.SeriesSamples;
import io.unshistorian.grpc.v1.ValueType;
import io.unshistorian.grpc.v1.WriteAck;
import io.unshistorian.grpc.v1.WriteBatch;
import io.unshistorian.ingest.csv.CsvImport;
import io.unshistorian.ingest.csv.LongFormatCsvReader;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian import}: loads a long-format CSV ({@code path,timestamp_ms,value}, or
 * {@code timestamp_ns}, or ISO-8601 {@code timestamp}) through the write API. Bad rows are reported
 * with their line number and reason and skipped; the good rows before and after them are stored.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Load a CSV (path,timestamp_ms|timestamp_ns|timestamp,value) into the historian.")
final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The CSV file.")
    private Path file;

    @Mixin
    private Connection connection;

    @Option(names = "--batch", description = "Samples per write batch (default: ${DEFAULT-VALUE}).")
    private int batchSize = 10_000;

    @Option(names = "--quiet", description = "No progress bar (there is none when stderr is not a terminal).")
    private boolean quiet;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long size = Files.size(file);
        long start = System.nanoTime();
        long[] lastDraw = {0};
        // A progress bar redraws itself with \r: only on a terminal, never into a log file.
        boolean bar = !quiet && System.console() != null;
        LongFormatCsvReader.Progress progress = bytes -> {
            if (bar && System.nanoTime() - lastDraw[0] > 200_000_000L) {
                lastDraw[0] = System.nanoTime();
                err.print(progressBar(bytes, size));
                err.flush();
            }
        };
        CsvImport.Result result = connection.data != null ? importIntoDirectory(err, progress)
            : connection.with(channel -> importIntoServer(channel, err, progress));
        if (bar) {
            err.println(progressBar(size, size));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("imported %s: %d rows read, %d samples stored, %d rows rejected, %.2f s (%.0f samples/s)%n",
            file, result.rowsRead(), result.samplesStored(), result.rowsRejected(), seconds,
            result.samplesStored() / seconds);
        out.flush();
        return result.rowsRejected() == 0 ? 0 : 3;
    }

    /** A data directory no server holds: written through the embedded API. */
    private CsvImport.Result importIntoDirectory(PrintWriter err, LongFormatCsvReader.Progress progress)
        throws Exception {
        try (Historian historian = Historian.open(connection.data)) {
            return new CsvImport(historian, batchSize).run(file,
                (line, reason) -> err.println("rejected " + file + ":" + line + ": " + reason), progress);
        }
    }

    /** A running server: batches over one gRPC Write stream, a few in flight. */
    private CsvImport.Result importIntoServer(ManagedChannel channel, PrintWriter err,
                                              LongFormatCsvReader.Progress progress) throws Exception {
        long[] counts = new long[3];   // rows read, samples stored, rows rejected
        Writer writer = new Writer(channel, err);
        Map<String, SeriesSamples.Builder> pending = new LinkedHashMap<>();
        int[] inBatch = {0};
        long parsed = LongFormatCsvReader.read(file, (line, path, t, value) -> {
            pending.computeIfAbsent(path, p -> SeriesSamples.newBuilder().setPath(p).setType(ValueType.DOUBLE))
                .addTimestampsNs(t).addDoubleValues(value);
            if (++inBatch[0] == batchSize) {
                counts[1] += writer.sendUnchecked(pending, line);
                inBatch[0] = 0;
            }
        }, bad -> {
            counts[2]++;
            err.println("rejected " + bad.getMessage());
        }, progress);
        counts[1] += writer.send(pending, -1);
        counts[1] += writer.close();
        counts[0] = parsed + counts[2];
        return new CsvImport.Result(counts[0], counts[1], counts[2]);
    }

    static String progressBar(long done, long total) {
        int width = 40;
        int filled = total == 0 ? width : (int) Math.min(width, done * width / total);
        return String.format("\r[%s%s] %3d%%", "#".repeat(filled), " ".repeat(width - filled),
            total == 0 ? 100 : done * 100 / total);
    }

    /** Streams batches over one Write call and collects the acknowledgements. */
    private static final class Writer {
        private final WriteStream requests;
        private final PrintWriter err;
        private final Map<Long, Long> lastLineOfBatch = new HashMap<>();
        private final List<Long> inFlight = new ArrayList<>();
        private long nextId = 1;

        Writer(ManagedChannel channel, PrintWriter err) {
            this.err = err;
            this.requests = WriteStream.open(channel);
        }

        /** Sends what is pending; returns samples acknowledged so far (keeps a few batches in flight). */
        long send(Map<String, SeriesSamples.Builder> pending, long lastLine) throws Exception {
            if (pending.isEmpty()) {
                return 0;
            }
            WriteBatch.Builder batch = WriteBatch.newBuilder().setBatchId(nextId);
            pending.values().forEach(batch::addSeries);
            pending.clear();
            lastLineOfBatch.put(nextId, lastLine);
            inFlight.add(nextId++);
            requests.send(batch.build());
            long stored = 0;
            while (inFlight.size() > 4) {
                stored += await();
            }
            return stored;
        }

        long sendUnchecked(Map<String, SeriesSamples.Builder> pending, long lastLine) {
            try {
                return send(pending, lastLine);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }

        long close() throws Exception {
            requests.finish();
            long stored = 0;
            while (!inFlight.isEmpty()) {
                stored += await();
            }
            return stored;
        }

        private long await() throws Exception {
            WriteAck ack = requests.nextAck(120, TimeUnit.SECONDS);
            if (ack != null) {
                inFlight.remove(ack.getBatchId());
                if (!ack.getAccepted()) {
                    err.println("batch ending at line " + lastLineOfBatch.get(ack.getBatchId()) + " rejected: "
                        + ack.getReason() + (ack.getPath().isEmpty() ? "" : " (path '" + ack.getPath() + "')"));
                    return 0;
                }
                return ack.getSamples();
            }
            throw new IllegalStateException("the server closed the write stream early");
        }
    }
}
