package io.unshistorian.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.unshistorian.benchmarks.codec.GorillaBaseline;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.testkit.DataSets;

/**
 * Runs the same workloads against UNS Historian, QuestDB embedded and VictoriaMetrics in one run on
 * this machine, and prints each figure with the ratio ours/peer. Rows are generated once, before any
 * peer is timed; every peer gets them in batches of {@value Peer#BATCH}; durability: no fsync for any
 * of them (QuestDB's default nosync commits, VictoriaMetrics' default periodic flush, our NONE
 * policy); every peer flushes and finishes its background work before its files are measured.
 *
 * <pre>java [JVM flags] -Xmx10g -cp benchmarks/target/benchmarks.jar io.unshistorian.benchmarks.peers.PeerHarness
 *     [plant] [late] [year] [sparse] [nab_machine_temperature] [skab]</pre>
 *
 * {@code -Dsparse.scale=0.05} shrinks the sparse plant to 5% of its series, for a smoke run.
 */
public final class PeerHarness {
    private static final int QUERY_REPEATS = 5;
    private static final long WARM_UP_NANOS = (long) (Double.parseDouble(System.getProperty("peers.warmUpSeconds",
        "1")) * 1e9);

    private PeerHarness() {
    }

    /** Rows held in primitive columns, so generating them is never part of a timing. */
    private static final class Rows implements PeerWorkloads.Sink {
        int[] series;
        long[] times;
        double[] values;
        int size;

        Rows() {
            this(1 << 20);
        }

        Rows(int capacity) {
            series = new int[capacity];
            times = new long[capacity];
            values = new double[capacity];
        }

        @Override
        public void row(int s, long t, double v) {
            if (size == series.length) {
                series = Arrays.copyOf(series, size * 2);
                times = Arrays.copyOf(times, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            series[size] = s;
            times[size] = t;
            values[size] = v;
            size++;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> workloads = args.length == 0
            ? List.of("plant", "late", "year", "sparse", "nab_machine_temperature", "skab") : List.of(args);
        for (String workload : workloads) {
            Rows rows = new Rows();
            String[] paths;
            if (workload.equals("plant")) {
                PeerWorkloads.plant(rows);
                paths = new String[PeerWorkloads.PLANT_SERIES];
                for (int s = 0; s < paths.length; s++) {
                    paths[s] = PeerWorkloads.plantPath(s);
                }
            } else if (workload.equals("late")) {
                Rows onTime = new Rows();
                PeerWorkloads.plant(onTime);
                rows = arriveLate(onTime);
                paths = new String[PeerWorkloads.PLANT_SERIES];
                for (int s = 0; s < paths.length; s++) {
                    paths[s] = PeerWorkloads.plantPath(s);
                }
            } else if (workload.equals("year")) {
                PeerWorkloads.year(rows);
                paths = new String[] {"year/site/oven/temperature"};
            } else if (workload.equals("sparse")) {
                rows = sparse();
                paths = new String[PeerWorkloads.SPARSE_SERIES];
                for (int s = 0; s < paths.length; s++) {
                    paths[s] = PeerWorkloads.sparsePath(s);
                }
            } else {
                paths = loadDataSet(workload, rows);
            }
            run(workload, rows, paths);
        }
    }

    /**
     * The sparse plant, generated twice: first only counted (by kind, printed), then into columns of
     * exactly that size, so that its 143 M rows (2.9 GB) never need a doubled copy.
     */
    private static Rows sparse() {
        long[] counts = new long[4];
        PeerWorkloads.sparse((s, t, v) -> counts[PeerWorkloads.sparseKind(s)]++);
        long total = Arrays.stream(counts).sum();
        System.out.printf("sparse plant rows: %,d meters (%,d series), %,d process values (%,d), "
            + "%,d report-by-exception (%,d), %,d fast (%,d); %,d in all%n", counts[0], PeerWorkloads.SPARSE_METERS, counts[1],
            PeerWorkloads.SPARSE_PROCESS, counts[2], PeerWorkloads.SPARSE_EXCEPTION, counts[3],
            PeerWorkloads.SPARSE_FAST, total);
        Rows rows = new Rows(Math.toIntExact(total));
        PeerWorkloads.sparse(rows);
        return rows;
    }

    /**
     * The plant in arrival order when 5% of its samples (a fixed hash of series and second) arrive one
     * hour (3,600 s of plant time) after the others of their second.
     */
    private static Rows arriveLate(Rows onTime) {
        Rows arrival = new Rows();
        int perSecond = PeerWorkloads.PLANT_SERIES;
        int seconds = onTime.size / perSecond;
        for (int second = 0; second < seconds + 3600; second++) {
            if (second < seconds) {
                for (int k = second * perSecond; k < (second + 1) * perSecond; k++) {
                    if (!isLate(onTime.series[k], second)) {
                        arrival.row(onTime.series[k], onTime.times[k], onTime.values[k]);
                    }
                }
            }
            int early = second - 3600;
            if (early >= 0 && early < seconds) {
                for (int k = early * perSecond; k < (early + 1) * perSecond; k++) {
                    if (isLate(onTime.series[k], early)) {
                        arrival.row(onTime.series[k], onTime.times[k], onTime.values[k]);
                    }
                }
            }
        }
        return arrival;
    }

    private static boolean isLate(int series, int second) {
        return Math.floorMod(series * 7919L + second * 104729L, 100) < 5;
    }

    /** A shared data set's rows in file order; returns its paths by series index. */
    private static String[] loadDataSet(String name, Rows rows) throws IOException {
        Path file = DataSets.directory().resolve(name).resolve("samples.csv");
        Map<String, Integer> index = new LinkedHashMap<>();
        DataSets.forEachRow(file, (path, t, v) -> rows.row(index.computeIfAbsent(path, p -> index.size()), t / 1_000_000L, v));
        return index.keySet().toArray(new String[0]);
    }

    private static void run(String workload, Rows rows, String[] paths) throws Exception {
        System.out.printf("%n== workload %s: %d rows, %d series; queries: median of %d after %.1f s of warm-up ==%n",
            workload, rows.size, paths.length, QUERY_REPEATS, WARM_UP_NANOS / 1e9);
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        List<String> peers = new ArrayList<>(List.of("UNS Historian", "QuestDB embedded"));
        if (VictoriaMetricsPeer.available()) {
            peers.add("VictoriaMetrics");
        } else {
            System.out.println("victoria-metrics not installed (apt-get install victoria-metrics): left out");
        }
        for (String name : peers) {
            Path dir = Files.createTempDirectory("uns-peer-");
            try (Peer peer = open(name, dir, paths.length)) {
                Map<String, Double> figures = new LinkedHashMap<>();
                System.gc();
                long start = System.nanoTime();
                for (int i = 0; i < rows.size; i++) {
                    peer.row(paths[rows.series[i]], rows.times[i], rows.values[i]);
                }
                peer.finishIngest();
                double seconds = (System.nanoTime() - start) / 1e9;
                figures.put("ingest M samples/s", rows.size / seconds / 1e6);
                peer.settle();
                figures.put("bytes/sample on disk", peer.diskBytes() / (double) rows.size);
                String probe = paths[0];
                long first = rows.times[0];
                long last = rows.times[rows.size - 1] + 1;
                // the sparse plant's series 0 is an energy meter; its first process value is a second probe
                String process = workload.equals("sparse") ? paths[PeerWorkloads.SPARSE_METERS] : probe;
                if (workload.equals("sparse")) {
                    // a whole year of one process value; the hourly aggregates of the year of one energy meter
                    // (the probe, series 0) and of that process value; the latest value of every series
                    long[] scanned = {0};
                    double scanSeconds = timed(() -> scanned[0] = peer.rawScan(process, first, last));
                    figures.put("raw scan 1 process value, year M samples/s", scanned[0] / scanSeconds / 1e6);
                    figures.put("hourly min/max/avg over the year, meter ms", timed(() -> peer.hourlyMinMaxAvg(probe,
                        first, last)) * 1000);
                    figures.put("hourly min/max/avg over the year, process ms", timed(() -> peer.hourlyMinMaxAvg(
                        process, first, last)) * 1000);
                    figures.put("latest of all series ms", timed(peer::latestAll) * 1000);
                } else if (workload.equals("year") || workload.startsWith("nab") || workload.equals("skab")) {
                    boolean year = workload.equals("year");
                    long scanStart = year ? first + 100L * 86_400_000L : first;
                    long scanEnd = year ? scanStart + 30L * 86_400_000L : last;
                    long[] scanned = {0};
                    double scanSeconds = timed(() -> scanned[0] = peer.rawScan(probe, scanStart, scanEnd));
                    figures.put("raw scan 1 series M samples/s", scanned[0] / scanSeconds / 1e6);
                    figures.put("hourly min/max/avg over the range ms", timed(() -> peer.hourlyMinMaxAvg(probe, first,
                        last)) * 1000);
                } else {
                    long[] scanned = {0};
                    double scanSeconds = timed(() -> scanned[0] = peer.rawScan(probe, first, last));
                    figures.put("raw scan 1 series M samples/s", scanned[0] / scanSeconds / 1e6);
                    figures.put("latest of all series ms", timed(peer::latestAll) * 1000);
                }
                boolean yearLong = workload.equals("year") || workload.equals("sparse");
                long groupByHour = first - first % 3_600_000L + (yearLong ? 200L * 86_400_000L : 0);
                figures.put("single-groupby-1-1-1 ms", timed(() -> peer.singleGroupBy(process, groupByHour)) * 1000);
                if (peer instanceof VictoriaMetricsPeer) {
                    figures.put("peak memory MiB (process RSS)", ((VictoriaMetricsPeer) peer).peakMemoryBytes() / 1048576.0);
                } else {
                    System.gc();
                    Runtime runtime = Runtime.getRuntime();
                    figures.put("heap after ingest MiB (in process)", (runtime.totalMemory() - runtime.freeMemory())
                        / 1048576.0);
                }
                results.put(name, figures);
                System.out.println(name + ": " + figures);
            } finally {
                deleteRecursively(dir);
            }
        }
        System.out.printf("Gorilla baseline: %.3f bytes/sample%n", gorillaBytes(rows, paths) / (double) rows.size);
        print(results);
    }

    private static Peer open(String name, Path dir, int series) throws Exception {
        switch (name) {
            case "UNS Historian":
                return new OursPeer(dir);
            case "QuestDB embedded":
                return new QuestDbPeer(dir, series);
            default:
                return new VictoriaMetricsPeer(dir);
        }
    }

    /** A query to time. */
    @FunctionalInterface
    interface Query {
        long run() throws Exception;
    }

    /**
     * Median seconds of {@value #QUERY_REPEATS} runs after warming up: the query repeated for
     * {@link #WARM_UP_NANOS} (at least once), the same for every peer, so that each is measured as a
     * long-running server answers, not while its JIT (or caches) first meet the query. With
     * {@code -Dpeers.warmUpSeconds=0}: one warm-up run, as this harness did before.
     */
    static double timed(Query query) throws Exception {
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        do {
            query.run();
        } while (System.nanoTime() < warmUpEnd);
        double[] seconds = new double[QUERY_REPEATS];
        for (int i = 0; i < QUERY_REPEATS; i++) {
            long start = System.nanoTime();
            long answered = query.run();
            seconds[i] = (System.nanoTime() - start) / 1e9;
            if (answered == 0) {
                throw new IllegalStateException("a query answered nothing");
            }
        }
        Arrays.sort(seconds);
        return seconds[QUERY_REPEATS / 2];
    }

    private static long gorillaBytes(Rows rows, String[] paths) {
        SampleColumns[] series = new SampleColumns[paths.length];
        for (int s = 0; s < paths.length; s++) {
            series[s] = new SampleColumns(ValueType.DOUBLE, 1024);
        }
        long bytes = 0;
        long day = -1;
        for (int i = 0; i <= rows.size; i++) {
            long rowDay = i < rows.size ? rows.times[i] / 86_400_000L : -2;
            if (rowDay != day) {
                for (SampleColumns s : series) {
                    if (s.size() > 0) {
                        bytes += GorillaBaseline.bytes(GorillaBaseline.encode(s));
                        s.reset(ValueType.DOUBLE);
                    }
                }
                day = rowDay;
            }
            if (i < rows.size) {
                series[rows.series[i]].addDouble(rows.times[i] * 1_000_000L, rows.values[i], 0);
            }
        }
        return bytes;
    }

    private static void print(Map<String, Map<String, Double>> results) {
        Map<String, Double> ours = results.get("UNS Historian");
        System.out.printf("%-40s", "figure");
        results.keySet().forEach(name -> System.out.printf(" %18s", name));
        System.out.printf(" %s%n", "ours/peer (throughput: higher is better; ms and bytes: lower is better)");
        for (String figure : ours.keySet()) {
            System.out.printf("%-40s", figure);
            for (Map<String, Double> peer : results.values()) {
                Double value = peer.get(figure);
                System.out.printf(" %18s", value == null ? "-" : String.format("%.3f", value));
            }
            StringBuilder ratios = new StringBuilder();
            for (Map.Entry<String, Map<String, Double>> peer : results.entrySet()) {
                Double value = peer.getValue().get(figure);
                if (!peer.getKey().equals("UNS Historian") && value != null && value != 0) {
                    ratios.append(String.format(" %s %.2f", peer.getKey().split(" ")[0], ours.get(figure) / value));
                }
            }
            System.out.println(" " + ratios);
        }
    }

    static long directoryBytes(Path path) throws IOException {
        if (!Files.exists(path)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
