package io.unshistorian.ingest.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import io.unshistorian.storage.series.SeriesPath;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader against a naive reference on random files: random paths (some quoted, some invalid),
 * times in every epoch unit and as ISO text (UTC, offsets, local times across DST changes),
 * adversarial values (NaN, ±Inf, -0.0, extremes, many digits), bad rows mixed in; the reference
 * builds the expected samples and rejected lines from the values it wrote, with java.time and
 * Double.toString, not from the text.
 */
class CsvReaderDifferentialTest {
    private static final String[] UNITS = {"s", "ms", "us", "ns"};
    private static final ZoneId[] ZONES = {ZoneOffset.UTC, ZoneId.of("Europe/Berlin"), ZoneId.of("America/New_York"),
        ZoneId.of("Asia/Kolkata"), ZoneId.of("Australia/Lord_Howe")};
    private static final double[] SPECIAL = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, 1e-300, 123456789.123456789, 0.1 + 0.2};

    @TempDir
    Path dir;

    @Test
    void randomFilesReadAsTheReferenceSays() throws IOException {
        long seed = Long.getLong("uns.test.seed", System.nanoTime());
        SplittableRandom random = new SplittableRandom(seed);
        for (int file = 0; file < 60; file++) {
            check(random, seed, file);
        }
    }

    /** Names the first difference instead of printing two lists of thousands. */
    private static <T> void assertSameLists(List<T> expected, List<T> actual, String context) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), context + ", item " + i);
        }
        assertEquals(expected.size(), actual.size(), context + ", size");
    }

    private void check(SplittableRandom random, long seed, int fileNumber) throws IOException {
        boolean iso = random.nextInt(3) == 0;
        String unit = UNITS[random.nextInt(UNITS.length)];
        ZoneId zone = ZONES[random.nextInt(ZONES.length)];
        StringBuilder text = new StringBuilder("path," + (iso ? "timestamp" : "timestamp_" + unit) + ",value\n");
        List<String> expected = new ArrayList<>();
        List<Long> rejectedLines = new ArrayList<>();
        int rows = random.nextInt(1, 2000);
        long line = 1;
        for (int row = 0; row < rows; row++) {
            line++;
            String path = random.nextInt(50) == 0 ? "bad/+/path" : "site/area" + random.nextInt(20) + "/tag,"
                + random.nextInt(5);
            boolean quotedNewline = random.nextInt(100) == 0;
            if (quotedNewline) {
                path = "site/" + "x".repeat(random.nextInt(1, 4));   // quoted below, with a newline after it
            }
            double value = random.nextInt(10) == 0 ? SPECIAL[random.nextInt(SPECIAL.length)]
                : (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-5, 12));
            long nanos;
            String time;
            if (iso) {
                long seconds = random.nextLong(-2_000_000_000L, 4_000_000_000L);
                int nano = random.nextInt(3) == 0 ? random.nextInt(1_000_000_000) : 0;
                LocalDateTime utc = LocalDateTime.ofEpochSecond(seconds, nano, ZoneOffset.UTC);
                switch (random.nextInt(3)) {
                    case 0 -> time = utc + "Z";
                    case 1 -> {
                        ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-12, 14) * 1800);
                        time = utc.plusSeconds(offset.getTotalSeconds()) + offset.getId();
                    }
                    default -> {
                        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(seconds, nano), zone);
                        time = local.toString().replace('T', ' ');
                        Instant back = local.atZone(zone).toInstant();   // java.time's reading of a local time
                        seconds = back.getEpochSecond();
                        nano = back.getNano();
                    }
                }
                nanos = seconds * 1_000_000_000L + nano;
            } else {
                long perUnit = TimeColumn.unitNanos(unit);
                long number = random.nextLong(-Long.MAX_VALUE / perUnit, Long.MAX_VALUE / perUnit);
                time = Long.toString(number);
                nanos = number * perUnit;
            }
            String valueText = random.nextBoolean() ? Double.toString(value) : String.valueOf((float) value);
            double parsed = Double.parseDouble(valueText);
            boolean badValue = random.nextInt(60) == 0;
            boolean badTime = random.nextInt(60) == 0;
            if (badValue) {
                valueText = "v" + random.nextInt(10);
            }
            if (badTime) {
                time = "t" + time;
            }
            boolean quote = quotedNewline || path.contains(",") || random.nextInt(4) == 0;
            String pathField = quote ? "\"" + path.replace("\"", "\"\"") + (quotedNewline ? "\n" : "") + "\"" : path;
            String fullPath = quotedNewline ? path + "\n" : path;
            text.append(pathField).append(',').append(time).append(',').append(valueText).append('\n');
            if (badTime || badValue || SeriesPath.problemWith(fullPath) != null) {
                rejectedLines.add(line);
            } else {
                expected.add(line + " " + fullPath + " " + nanos + " " + parsed + " 0");
            }
            if (quotedNewline) {
                line++;
            }
        }
        Path file = Files.writeString(dir.resolve("random" + fileNumber + ".csv"), text);
        CsvImportOptions options = CsvImportOptions.defaults().withZone(zone).withBatchSize(random.nextInt(1, 700));
        CsvFiles.Read read = CsvFiles.read(file, options);
        String context = "seed " + seed + " (-Duns.test.seed), file " + fileNumber;
        assertSameLists(expected, read.samples(), context);
        assertSameLists(rejectedLines, read.rejections().stream().map(r -> Long.parseLong(r.substring(0, r.indexOf(' '))))
            .toList(), context + ", rejected lines " + read.rejections());
        assertEquals(rows, read.rows(), context);
    }
}
