package io.unshistorian.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.unshistorian.compression.chunk.Quality;
import io.unshistorian.embedded.Historian;
import io.unshistorian.query.LatestValue;
import io.unshistorian.query.QualityMode;
import io.unshistorian.query.Selection;
import io.unshistorian.server.metrics.HistorianMetrics;
import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.DataSets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trend page in a real browser: Debian's headless Chromium, driven by playwright-core
 * (src/test/node/check-trend-page.mjs), against a real listener over the real data sets (or
 * stand-ins under their paths where they are missing) and a generated series with a Bad and an
 * Uncertain period. What the page shows — tree levels, latest values and qualities, the points the
 * chart holds, the shaded bands, the token box of a server that wants a token — is compared with
 * what the historian itself answers. Skipped, saying why, without Chromium, node or playwright-core.
 */
class TrendPageBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final Path NODE_PROJECT = Path.of("src/test/node");
    private static final String OVEN = "acme/dallas/line1/oven";
    private static final String SERIES = OVEN + "/temperature";
    private static final long T0 = Instant.parse("2014-01-06T00:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long HOUR = 3_600_000_000_000L;
    private static final long BAD_START = T0 + 34 * HOUR;
    private static final long BAD_END = T0 + 38 * HOUR;
    private static final long UNCERTAIN_START = T0 + 54 * HOUR;
    private static final long UNCERTAIN_END = T0 + 56 * HOUR;

    @TempDir
    Path dir;

    @Test
    void theTrendPageShowsTheHistoriansDataInHeadlessChromium() throws Exception {
        skipUnless(Files.isExecutable(Path.of(CHROMIUM)), CHROMIUM + " is missing (Debian: apt-get install chromium)");
        skipUnless(onPath("node"), "node is missing (Debian: apt-get install nodejs npm)");
        skipUnless(Files.isDirectory(NODE_PROJECT.resolve("node_modules/playwright-core")),
            "playwright-core is not installed: npm ci --prefix server/src/test/node");
        Path nab = DataSets.sampleFile("nab_machine_temperature");
        Path skab = DataSets.sampleFile("skab");
        if (nab == null || skab == null) {
            // The page is tested whatever the machine holds: stand-ins under the data sets' paths.
            System.out.println("trend page test on generated stand-ins: " + DataSets.skipReason());
        }

        Set<String> paths = new TreeSet<>();
        HistorianMetrics metrics = new HistorianMetrics();
        Path lockedData = dir.resolve("locked");
        try (Historian historian = Historian.open(dir.resolve("open"));
             Historian lockedHistorian = Historian.open(lockedData)) {
            String token = ApiTokens.of(lockedData).create("trend-page");   // before the server reads the tokens
            if (nab != null && skab != null) {
                load(historian, nab, paths);
                load(historian, skab, paths);
            } else {
                writeStandIns(historian, paths);
            }
            writeOven(historian, paths);
            lockedHistorian.writeDouble("plant/line1/speed", T0, 1.5);
            Path screenshot = Path.of("target/test-artifacts/trend-page.png");
            Files.createDirectories(screenshot.getParent());
            List<String> lines;
            try (Security locked = Security.of(lockedData, true, null);
                 HistorianHttpServer open = start(historian, metrics, Security.none());
                 HistorianHttpServer closed = start(lockedHistorian, metrics, locked)) {
                lines = runPage("http://127.0.0.1:" + open.port() + "/", "http://127.0.0.1:" + closed.port() + "/",
                    token, screenshot);
            }
            String output = String.join("\n", lines);

            // The tree: the real namespace levels, as the data sets name them.
            assertEquals(segments(paths, ""), field(lines, "tree", ""), output);
            assertEquals(segments(paths, "skab"), field(lines, "tree", "skab"), output);
            assertEquals(segments(paths, "nab"), field(lines, "tree", "nab"), output);
            assertEquals("line1", field(lines, "tree", "acme/dallas"), output);

            // The table: the latest value and quality of each series of the oven, as the engine has them.
            List<String[]> rows = rows(lines, "row");
            assertEquals(4, rows.size(), output);
            for (String[] row : rows) {
                LatestValue latest = historian.query().latest(Selection.of(row[1])).get(0);
                assertEquals(severity(latest.quality()), row[3], row[1]);
                assertTrue(row[4].contains("q-" + row[3]), row[1] + " is highlighted by its quality: " + row[4]);
                switch (latest.type()) {
                    case DOUBLE -> assertEquals(latest.doubleValue(), Double.parseDouble(row[2]), 0.0, row[1]);
                    case BOOLEAN -> assertEquals(Boolean.toString(latest.valueBits() != 0), row[2], row[1]);
                    default -> assertEquals(latest.text(), row[2], row[1]);
                }
            }
            assertEquals(Set.of("good", "uncertain", "bad"), Set.copyOf(rows.stream().map(row -> row[3]).toList()));

            // The chart: for each range — all data, typed, panned, zoomed by a drag, the window narrowed —
            // exactly the distinct M4 samples the engine gives for the plot's width.
            for (String phase : List.of("all", "custom", "pan", "zoom", "resize")) {
                String[] plot = row(lines, "plot", phase);
                long start = nanos(plot[2]);
                long end = nanos(plot[3]);
                int pixels = Integer.parseInt(plot[4]);
                assertEquals(Math.round(Double.parseDouble(plot[5])), pixels, "the page asks for its plot's width");
                Map<String, Integer> points = new TreeMap<>();
                for (String[] drawn : rows(lines, "points")) {
                    if (drawn[1].equals(phase)) {
                        points.put(drawn[2], Integer.parseInt(drawn[3]));
                    }
                }
                assertEquals(Map.of(SERIES, m4Points(historian, SERIES, start, end, pixels),
                    "nab/machine/temperature", m4Points(historian, "nab/machine/temperature", start, end, pixels)),
                    points, phase + ": " + output);
                if (phase.equals("all") || phase.equals("custom")) {
                    assertTrue(pixels > 800, "a 1280 px window plots about 860 px: " + pixels);
                    String dense = phase.equals("all") ? "nab/machine/temperature" : SERIES;
                    assertTrue(points.get(dense) > 2 * pixels, phase + ": M4 draws up to 4 points a column: " + points);
                }
            }

            String[] custom = row(lines, "plot", "custom");
            long start = nanos(custom[2]);
            long end = nanos(custom[3]);
            String[] pan = row(lines, "plot", "pan");
            assertEquals(start + (end - start) / 2, nanos(pan[2]), 1_000_000, "▶ moves by half the range");
            String[] zoom = row(lines, "plot", "zoom");
            double zoomed = (nanos(zoom[3]) - nanos(zoom[2])) / (double) (end - start);
            assertEquals(0.3, zoomed, 0.05, "a drag over 30% of the plot zooms to that");
            assertTrue(Integer.parseInt(row(lines, "plot", "resize")[4]) < Integer.parseInt(custom[4]) - 100,
                "a narrower window asks for fewer columns");

            // The shading: the Bad and the Uncertain period, where their times fall on the plot.
            double width = Double.parseDouble(custom[5]);
            List<String[]> shaded = rows(lines, "shaded");
            assertEquals(2, shaded.size(), output);
            assertBand(shaded.get(0), "bad", BAD_START, BAD_END, start, end, width);
            assertBand(shaded.get(1), "uncertain", UNCERTAIN_START, UNCERTAIN_END, start, end, width);
            assertTrue(reddish(row(lines, "pixels", "inside")) > 0.8, "the canvas is shaded red inside the Bad band: "
                + output);
            assertTrue(reddish(row(lines, "pixels", "outside")) < 0.2, "and not beside it: " + output);

            // A server that wants a token: the page shows the token box, then works with the token.
            String[] lockedLine = rows(lines, "locked").get(0);
            assertEquals("true", lockedLine[1], output);
            assertTrue(lockedLine[2].contains("token"), output);
            assertEquals("plant", field(lines, "unlocked", null), output);

            assertTrue(rows(lines, "console").isEmpty(), "no script errors or CSP violations: " + output);
            assertTrue(Files.size(screenshot) > 10_000, "a screenshot at " + screenshot.toAbsolutePath());
            System.out.println("trend page screenshot: " + screenshot.toAbsolutePath());
        }
    }

    private static HistorianHttpServer start(Historian historian, HistorianMetrics metrics, Security security)
        throws Exception {
        return HistorianHttpServer.start(new HistorianHttpServer.Settings("127.0.0.1", 0, false, null, security), metrics,
            HttpRoutes.of(historian, metrics, security));
    }

    private static List<String> runPage(String url, String lockedUrl, String token, Path screenshot) throws Exception {
        Process page = new ProcessBuilder("node", NODE_PROJECT.resolve("check-trend-page.mjs").toString(), CHROMIUM, url,
            lockedUrl, token, SERIES, "2014-01-06T00:00:00", "2014-01-09T00:00:00", screenshot.toString())
            .redirectErrorStream(true).start();
        String output = new String(page.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(page.waitFor(5, TimeUnit.MINUTES), output);
        assertEquals(0, page.exitValue(), output);
        return output.lines().toList();
    }

    private static void load(Historian historian, Path file, Set<String> paths) throws Exception {
        WriteBatch batch = new WriteBatch(10_000);
        DataSets.forEachRow(file, (path, t, value) -> {
            batch.addDouble(path, t, value);
            paths.add(path);
            if (batch.size() == 10_000) {
                write(historian, batch);
            }
        });
        write(historian, batch);
    }

    /**
     * Stand-ins for the data sets when they are not here, under their paths and spans: a machine
     * temperature every 5 minutes from 2013-12-02 to 2014-02-19 (as NAB's), and a test bed's runs.
     */
    private static void writeStandIns(Historian historian, Set<String> paths) {
        Random random = new Random(2013);
        WriteBatch batch = new WriteBatch(10_000);
        long first = 1_385_942_400_000_000_000L;   // 2013-12-02T00:00:00Z
        long fiveMinutes = 300_000_000_000L;
        for (long t = first; t < first + 79 * 24 * HOUR; t += fiveMinutes) {
            double days = (t - first) / (24.0 * HOUR);
            batch.addDouble("nab/machine/temperature", t, 85 + 8 * Math.sin(days / 3) + random.nextGaussian() * 2);
            if (batch.size() >= 10_000) {
                write(historian, batch);
            }
        }
        for (String run : List.of("anomaly_free/run_0", "valve1/run_0")) {
            for (String tag : List.of("Pressure", "Temperature")) {
                String path = "skab/testbed/" + run + "/" + tag;
                for (int i = 0; i < 100; i++) {
                    batch.addDouble(path, 1_581_168_647_000_000_000L + i * 1_000_000_000L, random.nextDouble());
                }
                paths.add(path);
            }
        }
        write(historian, batch);
        paths.add("nab/machine/temperature");
    }

    /**
     * The generated oven: a temperature every 10 s for three days (Bad for four hours, Uncertain for
     * two), a pressure whose newest sample is Uncertain, a door whose newest is Bad, a text state.
     */
    private static void writeOven(Historian historian, Set<String> paths) throws Exception {
        Random random = new Random(20140106);
        WriteBatch batch = new WriteBatch(10_000);
        long step = 10_000_000_000L;
        for (long t = T0; t < T0 + 72 * HOUR; t += step) {
            double hours = (t - T0) / (double) HOUR;
            double value = 82 + 6 * Math.sin(2 * Math.PI * hours / 9) + 1.5 * Math.sin(2 * Math.PI * hours / 1.3)
                + random.nextGaussian() * 0.35;
            int quality = t >= BAD_START && t < BAD_END ? Quality.BAD
                : t >= UNCERTAIN_START && t < UNCERTAIN_END ? Quality.UNCERTAIN : Quality.GOOD;
            batch.addDouble(SERIES, t, quality == Quality.BAD ? value - 30 : value, quality);
            if ((t - T0) % (60 * step) == 0) {
                batch.addDouble(OVEN + "/pressure", t, 1.2 + random.nextDouble() * 0.1,
                    t + 60 * step >= T0 + 72 * HOUR ? Quality.UNCERTAIN : Quality.GOOD);
            }
            if (batch.size() >= 10_000) {
                write(historian, batch);
            }
        }
        batch.addBoolean(OVEN + "/door", T0 + 71 * HOUR, true, Quality.BAD);
        batch.addString(OVEN + "/state", T0 + 71 * HOUR, "RUNNING");
        write(historian, batch);
        paths.addAll(List.of(SERIES, OVEN + "/pressure", OVEN + "/door", OVEN + "/state"));
    }

    private static void write(Historian historian, WriteBatch batch) {
        try {
            historian.write(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        batch.clear();
    }

    /** What the chart should hold for one series: the distinct samples among each column's first, min, max, last. */
    private static int m4Points(Historian historian, String path, long start, long end, int pixels) {
        int[] points = {0};
        historian.query().plot(Selection.of(path), start, end, pixels, QualityMode.GOOD_ONLY, point -> {
            Set<Long> times = new HashSet<>(List.of(point.firstTime(), point.minTime(), point.maxTime(),
                point.lastTime()));
            points[0] += times.size();
        });
        return points[0];
    }

    private static void assertBand(String[] band, String severity, long from, long to, long start, long end,
                                   double width) {
        assertEquals(SERIES, band[1]);
        assertEquals(severity, band[2]);
        double x0 = (from - start) * width / (end - start);
        double x1 = (to - start) * width / (end - start);
        assertEquals(x0, Double.parseDouble(band[3]), 1.5, "left edge of the " + severity + " band");
        assertEquals(x1, Double.parseDouble(band[4]), 1.5, "right edge of the " + severity + " band");
    }

    /** The share of pixels (after the line's two fields, each r,g,b,a) that are tinted red. */
    private static double reddish(String[] line) {
        int red = 0;
        for (int i = 2; i < line.length; i++) {
            String[] rgba = line[i].split(",");
            if (Integer.parseInt(rgba[3]) > 0 && Integer.parseInt(rgba[0]) > Integer.parseInt(rgba[1]) + 60) {
                red++;
            }
        }
        return red / (double) (line.length - 2);
    }

    private static String severity(int quality) {
        return Quality.isGood(quality) ? "good" : (quality & Quality.BAD) != 0 ? "bad" : "uncertain";
    }

    /** The child segments of a node among the loaded paths, comma-separated in order. */
    private static String segments(Set<String> paths, String node) {
        Set<String> children = new TreeSet<>();
        String prefix = node.isEmpty() ? "" : node + "/";
        for (String path : paths) {
            if (path.startsWith(prefix)) {
                children.add(path.substring(prefix.length()).split("/")[0]);
            }
        }
        return String.join(",", children);
    }

    private static long nanos(String millis) {
        return new BigDecimal(millis).movePointRight(6).longValueExact();
    }

    private static List<String[]> rows(List<String> lines, String kind) {
        List<String[]> found = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split("\t", -1);
            if (fields[0].equals(kind)) {
                found.add(fields);
            }
        }
        return found;
    }

    /** The line of a kind whose first field is {@code key}. */
    private static String[] row(List<String> lines, String kind, String key) {
        return rows(lines, kind).stream().filter(fields -> fields[1].equals(key)).findFirst()
            .orElseThrow(() -> new AssertionError("no '" + kind + " " + key + "' line in:\n" + String.join("\n", lines)));
    }

    /** The second field of a line of a kind (and key, when given). */
    private static String field(List<String> lines, String kind, String key) {
        return key == null ? rows(lines, kind).get(0)[1] : row(lines, kind, key)[2];
    }

    private static void skipUnless(boolean ready, String reason) {
        if (!ready) {
            System.out.println("TrendPageBrowserTest skipped: " + reason);
        }
        Assumptions.assumeTrue(ready, reason);
    }

    private static boolean onPath(String command) {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dirName, command))) {
                return true;
            }
        }
        return false;
    }
}
