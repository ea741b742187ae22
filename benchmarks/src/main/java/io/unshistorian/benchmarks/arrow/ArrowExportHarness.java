package io.unshistorian.benchmarks.arrow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.unshistorian.embedded.Historian;
import io.unshistorian.export.ArrowFiles;
import io.unshistorian.export.ExportQuery;
import io.unshistorian.export.HistorianFlightServer;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * Export throughput: 100 series x 100,000 samples (10 M rows, compacted) exported in the long raw
 * layout to an Arrow IPC file, and streamed over Arrow Flight to a client on 127.0.0.1 (same JVM,
 * real socket). Five rounds each; prints every round and the median.
 *
 * <pre>java [JVM flags] -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.arrow.ArrowExportHarness</pre>
 */
public final class ArrowExportHarness {
    private static final long T0 = 1_767_225_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private ArrowExportHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("uns-arrow-bench");
        try (Historian historian = Historian.open(dir.resolve("data"), StorageOptions.defaults());
             BufferAllocator allocator = new RootAllocator()) {
            WriteBatch batch = new WriteBatch(100_000);
            for (int s = 0; s < 100; s++) {
                batch.clear();
                for (int i = 0; i < 100_000; i++) {
                    batch.addDouble("bench/line" + (s / 10) + "/tag" + s, T0 + i * SECOND,
                        Math.round((20 + s + Math.sin(i / 600.0)) * 100) / 100.0);
                }
                historian.write(batch);
            }
            historian.compactNow();
            ExportQuery query = ExportQuery.raw(T0, T0 + 100_000 * SECOND, "bench/#");
            List<Double> file = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                Path out = dir.resolve("export.arrow");
                long start = System.nanoTime();
                long rows = ArrowFiles.write(historian, query, allocator, out, false, written -> { });
                double rate = rows / ((System.nanoTime() - start) / 1e9);
                file.add(rate);
                System.out.printf("IPC file, round %d: %d rows, %.1f MB, %.2f M rows/s%n", round + 1, rows,
                    Files.size(out) / 1e6, rate / 1e6);
            }
            double ceiling = diskCeiling(dir.resolve("export.arrow"), dir.resolve("copy.arrow"));
            long fileBytes = Files.size(dir.resolve("export.arrow"));
            System.out.printf("disk ceiling: the same %.1f MB written with a plain FileChannel, median %.0f MB/s"
                + " = %.2f M rows/s%n", fileBytes / 1e6, ceiling / 1e6, ceiling / fileBytes * 10_000_000 / 1e6);
            List<Double> flight = new ArrayList<>();
            try (HistorianFlightServer server = HistorianFlightServer.start(historian, "127.0.0.1", 0, false);
                 FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure("127.0.0.1",
                     server.port())).build()) {
                for (int round = 0; round < 5; round++) {
                    long start = System.nanoTime();
                    FlightInfo info = client.getInfo(FlightDescriptor.command(query.toBytes()));
                    long rows = 0;
                    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
                        while (stream.next()) {
                            rows += stream.getRoot().getRowCount();
                        }
                    }
                    double rate = rows / ((System.nanoTime() - start) / 1e9);
                    flight.add(rate);
                    System.out.printf("Flight DoGet over 127.0.0.1, round %d: %d rows, %.2f M rows/s%n", round + 1,
                        rows, rate / 1e6);
                }
            }
            System.out.printf("median: IPC file %.2f M rows/s, Flight %.2f M rows/s%n", median(file) / 1e6,
                median(flight) / 1e6);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Bytes per second of writing {@code exported}'s bytes (held in memory) to {@code copy} through a
     * plain FileChannel, opened and truncated as the export opens its file: what this disk allows.
     */
    private static double diskCeiling(Path exported, Path copy) throws IOException {
        ByteBuffer bytes;
        try (FileChannel in = FileChannel.open(exported)) {
            bytes = ByteBuffer.allocateDirect((int) in.size());
            while (bytes.hasRemaining() && in.read(bytes) >= 0) {
                // read it all
            }
        }
        List<Double> rates = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            bytes.flip();
            long start = System.nanoTime();
            try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            rates.add(bytes.limit() / ((System.nanoTime() - start) / 1e9));
        }
        return median(rates);
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
