package io.unshistorian.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.unshistorian.compression.chunk.ValueType;
import io.unshistorian.storage.series.Series;
import io.unshistorian.storage.series.SeriesMetadata;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded API end to end, through its public methods only. */
class HistorianTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void writeReadBrowseAndMetadataSurviveAReopen() throws IOException {
        try (Historian historian = Historian.open(dir)) {
            historian.write(new WriteBatch()
                .addDouble("acme/dallas/packaging/line4/filler/temperature", T0, 71.25)
                .addDouble("acme/dallas/packaging/line4/filler/temperature", T0 + 1_000_000_000L, 71.5)
                .addLong("acme/dallas/packaging/line4/filler/count", T0, 1200)
                .addBoolean("acme/dallas/packaging/line4/filler/running", T0, true)
                .addString("acme/dallas/packaging/line4/filler/state", T0, "RUNNING"));
            historian.writeDouble("acme/berlin/mixing/line1/mixer/speed", T0, Double.NaN);
            historian.setMetadata("acme/dallas/packaging/line4/filler/temperature",
                new SeriesMetadata("degC", "filler bowl temperature", 0, 120, Map.of("asset", "F-4")));
        }
        try (Historian historian = Historian.open(dir)) {
            List<Sample> temperature = historian.readRaw("acme/dallas/packaging/line4/filler/temperature", T0,
                T0 + 10_000_000_000L);
            assertEquals(2, temperature.size());
            assertEquals(71.5, temperature.get(1).doubleValue());
            assertEquals("RUNNING", historian.readRaw("acme/dallas/packaging/line4/filler/state", T0, T0 + 1).get(0)
                .stringValue());
            assertTrue(historian.readRaw("acme/dallas/packaging/line4/filler/running", T0, T0 + 1).get(0).booleanValue());
            assertTrue(Double.isNaN(historian.readRaw("acme/berlin/mixing/line1/mixer/speed", T0, T0 + 1).get(0)
                .doubleValue()));
            Series series = historian.series("acme/dallas/packaging/line4/filler/temperature").orElseThrow();
            assertEquals(ValueType.DOUBLE, series.type());
            assertEquals("degC", series.metadata().unit());
            assertEquals(Map.of("asset", "F-4"), series.metadata().tags());
            assertEquals(4, historian.find("acme/dallas/#").size());
            assertEquals(2, historian.find("acme/+/+/+/+/+").size() - 3);
            assertEquals(List.of("berlin", "dallas"), historian.browse("acme").stream().map(c -> c.segment()).toList());
            assertTrue(historian.readRaw("no/such/series", T0, T0 + 1).isEmpty());
        }
    }

    @Test
    void rejectionsNameTheSampleAndStoreNothing() throws IOException {
        try (Historian historian = Historian.open(dir)) {
            WriteBatch batch = new WriteBatch()
                .addDouble("plant/ok", T0, 1)
                .addDouble("plant//empty", T0, 2);
            BatchRejectedException e = assertThrows(BatchRejectedException.class, () -> historian.write(batch));
            assertEquals(1, e.sampleIndex());
            assertEquals("plant//empty", e.path());
            assertTrue(e.getMessage().contains("empty segment at character 6"), e.getMessage());
            assertTrue(historian.series("plant/ok").isEmpty());

            WriteBatch tooOld = new WriteBatch().addDouble("plant/ok", Long.MIN_VALUE, 1);
            assertTrue(assertThrows(BatchRejectedException.class, () -> historian.write(tooOld)).getMessage()
                .contains("outside the supported range"));
            WriteBatch longString = new WriteBatch().addString("plant/state", T0, "x".repeat(5000));
            assertTrue(assertThrows(BatchRejectedException.class, () -> historian.write(longString)).getMessage()
                .contains("exceeds the limit of 4096"));
            WriteBatch deep = new WriteBatch().addDouble("a/".repeat(40) + "b", T0, 1);
            assertTrue(assertThrows(BatchRejectedException.class, () -> historian.write(deep)).getMessage()
                .contains("segments, the limit is 32"));
        }
    }
}
