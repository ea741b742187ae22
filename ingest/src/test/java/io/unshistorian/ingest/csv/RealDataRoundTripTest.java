package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.unshistorian.compression.chunk.ChunkDecoder;
import io.unshistorian.compression.chunk.ChunkEncoder;
import io.unshistorian.compression.chunk.SampleColumns;
import io.unshistorian.compression.chunk.ValueType;

import io.unshistorian.testkit.DataSets;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every real data set under {@code uns.data.dir} (default {@code ../shared/data}) survives a chunk
 * round trip bit for bit, series by series, in file order (out-of-order rows included).
 */
class RealDataRoundTripTest {
    @TestFactory
    Stream<DynamicTest> everyDataSetRoundTrips() throws IOException {
        List<Path> files = DataSets.sampleFiles();
        Assumptions.assumeFalse(files.isEmpty(), DataSets::skipReason);
        return files.stream().map(file -> DynamicTest.dynamicTest(DataSets.nameOf(file), () -> roundTrip(file)));
    }

    private static void roundTrip(Path file) throws IOException {
        // Read by the product's own reader, grouped by series in file order.
        Map<String, SampleColumns> series = new LinkedHashMap<>();
        ParsedSamples batch = new ParsedSamples(8192);
        try (CsvSampleReader reader = CsvSampleReader.open(file, CsvImportOptions.defaults())) {
            while (reader.read(batch, 8192)) {
                assertEquals(0, batch.rejectedCount(), () -> file + ":" + batch.rejectedLine(0) + ": "
                    + batch.rejectedReason(0));
                for (int i = 0; i < batch.size(); i++) {
                    series.computeIfAbsent(batch.path(i), p -> new SampleColumns(ValueType.DOUBLE, 1024))
                        .addDouble(batch.timestamp(i), batch.value(i), 0);
                }
            }
        }
        ChunkEncoder encoder = new ChunkEncoder();
        ChunkDecoder decoder = new ChunkDecoder();
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        SampleColumns decoded = new SampleColumns(ValueType.DOUBLE, 1024);
        long rows = 0;
        for (Map.Entry<String, SampleColumns> entry : series.entrySet()) {
            SampleColumns original = entry.getValue();
            int length = encoder.encode(original, buffer, 0);
            decoder.decode(buffer, 0, length, decoded);
            assertEquals(original.size(), decoded.size(), entry.getKey());
            for (int i = 0; i < original.size(); i++) {
                if (original.timestamp(i) != decoded.timestamp(i) || original.valueBits(i) != decoded.valueBits(i)
                    || original.quality(i) != decoded.quality(i)) {
                    fail(entry.getKey() + " sample " + i + " differs after the round trip");
                }
            }
            rows += original.size();
        }
        assertEquals(countDataLines(file), rows, "every row of " + file + " was read");
    }

    private static long countDataLines(Path file) throws IOException {
        try (Stream<String> lines = java.nio.file.Files.lines(file)) {
            return lines.skip(1).filter(line -> !line.isEmpty()).count();
        }
    }
}
