package io.unshistorian.benchmarks.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.benchmarks.datasets.DataSetsReport;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.testkit.DataSets;

/**
 * The workloads codec benchmarks run on: each real data set under {@code uns.data.dir} (by folder
 * name) and {@value #SYNTHETIC_PLANT}, one list of series each.
 */
public final class BenchmarkDataSets {
    public static final String SYNTHETIC_PLANT = "synthetic_plant";
    /** Size of the synthetic plant in the codec benchmarks: 500 series x 1 hour at 1 Hz. */
    public static final int PLANT_SERIES = 500;
    public static final int PLANT_SECONDS = 3600;

    private BenchmarkDataSets() {
    }

    /** Names of every workload available here: the real data sets found, then the synthetic plant. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (Path file : DataSets.sampleFiles()) {
            names.add(DataSets.nameOf(file));
        }
        names.add(SYNTHETIC_PLANT);
        return names;
    }

    public static List<SampleColumns> load(String name) {
        List<SampleColumns> series = new ArrayList<>();
        if (SYNTHETIC_PLANT.equals(name)) {
            SyntheticPlant.generate(42, PLANT_SERIES, PLANT_SECONDS).forEach(s -> series.add(s.samples()));
            return series;
        }
        Path file = DataSets.directory().resolve(name).resolve("samples.csv");
        series.addAll(DataSetsReport.loadBySeries(file).values());
        return series;
    }

    public static long sampleCount(List<SampleColumns> series) {
        long count = 0;
        for (SampleColumns s : series) {
            count += s.size();
        }
        return count;
    }
}
