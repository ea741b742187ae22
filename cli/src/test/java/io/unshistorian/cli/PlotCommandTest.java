package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import io.unshistorian.embedded.Historian;
import io.unshistorian.embedded.Sample;
import io.unshistorian.server.HistorianServer;
import io.unshistorian.storage.write.WriteBatch;
import io.unshistorian.testkit.DataSets;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code historian plot} end to end: real data in a data directory (and through a real gRPC
 * server), the command run as typed, the PNG read back. The data: {@code plant/step} is 0 for the
 * first half of [T0, T0 + 1000 s) and 10 for the second, except that 250 s to 400 s are Bad
 * (a Sparkplug stale mark's quality) with value 2; {@code plant/state} is a STRING series. The
 * checks find the line by its palette colour, so they hold whatever the margins.
 */
class PlotCommandTest {
    private static final long T0 = 1_767_225_600_000_000_000L;   // 2026-01-01T00:00:00Z
    private static final long SECOND = 1_000_000_000L;
    private static final String[] RANGE = {"--start", "2026-01-01T00:00:00Z", "--end", "2026-01-01T00:16:40Z"};
    private static final Path ARTIFACTS = Path.of("target", "test-artifacts");

    @TempDir
    Path dir;
    private Path data;

    @BeforeEach
    void store() throws IOException {
        data = dir.resolve("data");
        try (Historian historian = Historian.open(data)) {
            WriteBatch batch = new WriteBatch();
            for (int s = 0; s < 1000; s++) {
                boolean stale = s >= 250 && s < 400;
                batch.addDouble("plant/step", T0 + s * SECOND, stale ? 2 : s < 500 ? 0 : 10, stale ? 0x8031_0000 : 0);
            }
            batch.addString("plant/state", T0, "RUNNING");
            historian.write(batch);
        }
    }

    private static InProcessCli.Result plot(String... arguments) {
        List<String> all = new ArrayList<>(List.of("plot"));
        all.addAll(List.of(arguments));
        return InProcessCli.run(all.toArray(new String[0]));
    }

    private BufferedImage plotted(Path png, String... options) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("plant/#", "--data", data.toString(), "--out",
            png.toString()));
        arguments.addAll(List.of(RANGE));
        arguments.addAll(List.of(options));
        InProcessCli.Result result = plot(arguments.toArray(new String[0]));
        assertEquals(0, result.exit(), result.err());
        assertTrue(result.out().contains("1 series, 1 periods not Good shaded; not plotted (strings): plant/state"),
            result.out());
        return ImageIO.read(png.toFile());
    }

    @Test
    void theStepAndTheBadPeriodLandWhereTheDataIs() throws IOException {
        Files.createDirectories(ARTIFACTS);
        BufferedImage image = plotted(ARTIFACTS.resolve("trend.png"));
        assertEquals(1200, image.getWidth());
        assertEquals(500, image.getHeight());
        Line line = Line.find(image, TrendPalette.series(0));

        // 0 before 500 s, 10 after: the low level left of the middle, the high one right of it, above.
        assertTrue(line.lowY - line.highY > 100, "0 is drawn well below 10: " + line);
        int step = line.x(0.5);
        assertTrue(Math.abs(line.lastColumnAt(image, line.lowY) - step) <= 2, "the step is at 500 s: " + line);
        assertTrue(Math.abs(line.firstColumnAt(image, line.highY) - step) <= 2, "the step is at 500 s: " + line);

        // 250 s to 400 s shaded red, halfway up; nothing red before or after.
        int middle = (line.lowY + line.highY) / 2;
        for (int x = line.x(0.25) + 2; x <= line.x(0.4) - 2; x++) {
            assertTrue(reddish(image.getRGB(x, middle)), "shaded at column " + x + ": " + line);
        }
        for (int x = line.x(0.02); x < line.x(0.98); x++) {
            if ((x < line.x(0.25) - 2 || x > line.x(0.4) + 2) && Math.abs(x - step) > 3) {
                assertFalse(reddish(image.getRGB(x, middle)), "not shaded at column " + x + ": " + line);
            }
        }
        // Good samples only: the Bad values (2) are not drawn; with --quality all they are.
        int two = line.lowY - (line.lowY - line.highY) / 5;
        assertFalse(line.hasColour(image, line.x(0.3), two), "a Bad value drawn by default");
        BufferedImage all = plotted(dir.resolve("all.png"), "--quality", "all");
        assertTrue(line.hasColour(all, line.x(0.3), two), "--quality all draws the Bad values");
    }

    @Test
    void throughAServerTheChartIsTheSame() throws IOException {
        BufferedImage direct = plotted(dir.resolve("direct.png"), "--width", "800", "--height", "400");
        Path remote = dir.resolve("remote.png");
        try (Historian historian = Historian.open(data);
             HistorianServer server = HistorianServer.start(historian, HistorianServer.Settings.loopback(0), "test")) {
            List<String> arguments = new ArrayList<>(List.of("plant/#", "--server", "127.0.0.1:" + server.port(),
                "--out", remote.toString(), "--width", "800", "--height", "400"));
            arguments.addAll(List.of(RANGE));
            InProcessCli.Result result = plot(arguments.toArray(new String[0]));
            assertEquals(0, result.exit(), result.err());
        }
        BufferedImage served = ImageIO.read(remote.toFile());
        assertEquals(800, served.getWidth());
        assertEquals(400, served.getHeight());
        assertArrayEquals(direct.getRGB(0, 0, 800, 400, null, 0, 800), served.getRGB(0, 0, 800, 400, null, 0, 800),
            "the quality periods and points arrive alike over gRPC");
    }

    @Test
    void mistakesAreOneLineAndWriteNoFile() {
        Path png = dir.resolve("none.png");
        String out = png.toString();
        String d = data.toString();
        assertFails("'#' must be", plot("plant/#/x", "--data", d, "--out", out, RANGE[0], RANGE[1], RANGE[2], RANGE[3]));
        assertFails("is not before --end", plot("plant/#", "--data", d, "--out", out, "--start",
            "2026-01-02T00:00:00Z", "--end", "2026-01-01T00:00:00Z"));
        assertFails("does not exist; create it", plot("plant/#", "--data", d, "--out",
            dir.resolve("no/such/dir/t.png").toString(), RANGE[0], RANGE[1], RANGE[2], RANGE[3]));
        assertFails("is a directory", plot("plant/#", "--data", d, "--out", dir.toString(), RANGE[0], RANGE[1],
            RANGE[2], RANGE[3]));
        assertFails("--quality is good or all, not 'bad'", plot("plant/#", "--data", d, "--out", out, "--quality",
            "bad", RANGE[0], RANGE[1], RANGE[2], RANGE[3]));
        assertFails("--width and --height are 320 to", plot("plant/#", "--data", d, "--out", out, "--width", "10",
            RANGE[0], RANGE[1], RANGE[2], RANGE[3]));
        assertFails("no samples between 2025-01-01T00:00:00Z and 2025-01-02T00:00:00Z", plot("plant/#", "--data", d,
            "--out", out, "--start", "2025-01-01T00:00:00Z", "--end", "2025-01-02T00:00:00Z"));
        assertFails("no series matches other/#", plot("other/#", "--data", d, "--out", out, RANGE[0], RANGE[1],
            RANGE[2], RANGE[3]));
        assertFails("only STRING series match, and strings are not plotted: plant/state", plot("plant/state",
            "--data", d, "--out", out, RANGE[0], RANGE[1], RANGE[2], RANGE[3]));
        assertFalse(Files.exists(png), "no PNG of nothing");
    }

    private static void assertFails(String expected, InProcessCli.Result result) {
        assertEquals(1, result.exit(), result.err());
        assertEquals(1, result.err().strip().lines().count(), result.err());
        assertTrue(result.err().startsWith("historian plot: ") && result.err().contains(expected), result.err());
    }

    /**
     * A real data set with three days of it made stale: kept as target/test-artifacts/trend-nab.png
     * to be looked at. Its line spans the plot area and a band shades the stale days.
     */
    @Test
    void aRealDataSetWithAStaleMark() throws IOException {
        Path csv = DataSets.sampleFile("nab_machine_temperature");
        Assumptions.assumeTrue(csv != null, DataSets::skipReason);
        Path nab = dir.resolve("nab");
        InProcessCli.Result imported = InProcessCli.run("import", csv.toString(), "--data", nab.toString(), "--quiet");
        assertEquals(0, imported.exit(), imported.err());
        long staleFrom = Instant.parse("2014-01-20T00:00:00Z").toEpochMilli() * 1_000_000;
        long staleTo = staleFrom + 3 * 86_400 * SECOND;
        try (Historian historian = Historian.open(nab)) {
            // A node died for three days: every sample of them rewritten as stale (a Bad quality).
            WriteBatch stale = new WriteBatch();
            for (Sample sample : historian.readRaw("nab/machine/temperature", staleFrom, staleTo)) {
                stale.addDouble("nab/machine/temperature", sample.timestampNanos(), sample.doubleValue(), 0x8031_0000);
            }
            historian.write(stale);
        }
        Files.createDirectories(ARTIFACTS);
        Path png = ARTIFACTS.resolve("trend-nab.png");
        InProcessCli.Result result = plot("nab/#", "--data", nab.toString(), "--out", png.toString(), "--start",
            "2013-12-02T00:00:00Z", "--end", "2014-02-20T00:00:00Z", "--width", "1400", "--height", "560");
        assertEquals(0, result.exit(), result.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        Line line = Line.find(image, TrendPalette.series(0));
        assertTrue(line.right - line.left > 1200, "the line spans the plot area: " + line);
        long start = Instant.parse("2013-12-02T00:00:00Z").toEpochMilli() * 1_000_000;
        long end = Instant.parse("2014-02-20T00:00:00Z").toEpochMilli() * 1_000_000;
        int band = line.x((double) (staleFrom + (staleTo - staleFrom) / 2 - start) / (end - start));
        assertTrue(reddishIn(image, band) > 200, "the stale days are shaded at column " + band);
        assertEquals(0, reddishIn(image, line.x(0.1)), "nothing is shaded at 10%");
    }

    private static int reddishIn(BufferedImage image, int x) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            count += reddish(image.getRGB(x, y)) ? 1 : 0;
        }
        return count;
    }

    private static boolean reddish(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > c.getGreen() + 12 && c.getRed() > c.getBlue() + 12;
    }

    /**
     * A series' line found by its colour: the columns it spans and, of the rows it runs along, the
     * one most used in the left half (lowY) and in the right half (highY).
     */
    private record Line(Color colour, int left, int right, int lowY, int highY) {
        static Line find(BufferedImage image, Color colour) {
            int left = Integer.MAX_VALUE;
            int right = -1;
            int[] leftRows = new int[image.getHeight()];
            int[] rightRows = new int[image.getHeight()];
            for (int y = 0; y < image.getHeight(); y++) {
                for (int x = 0; x < image.getWidth(); x++) {
                    if (near(image.getRGB(x, y), colour)) {
                        left = Math.min(left, x);
                        right = Math.max(right, x);
                        (x < image.getWidth() / 2 ? leftRows : rightRows)[y]++;
                    }
                }
            }
            return new Line(colour, left, right, mostUsed(leftRows), mostUsed(rightRows));
        }

        private static int mostUsed(int[] rows) {
            int best = 0;
            for (int y = 1; y < rows.length; y++) {
                best = rows[y] > rows[best] ? y : best;
            }
            return best;
        }

        /** The column at this fraction of the range, the line running from its start to its end. */
        int x(double fraction) {
            return left + (int) Math.round(fraction * (right - left));
        }

        boolean hasColour(BufferedImage image, int x, int y) {
            for (int dy = -2; dy <= 2; dy++) {
                if (near(image.getRGB(x, y + dy), colour)) {
                    return true;
                }
            }
            return false;
        }

        int lastColumnAt(BufferedImage image, int y) {
            int last = -1;
            for (int x = left; x <= right; x++) {
                last = hasColour(image, x, y) ? x : last;
            }
            return last;
        }

        int firstColumnAt(BufferedImage image, int y) {
            for (int x = left; x <= right; x++) {
                if (hasColour(image, x, y)) {
                    return x;
                }
            }
            return -1;
        }

        private static boolean near(int rgb, Color colour) {
            Color c = new Color(rgb);
            return Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
                + Math.abs(c.getBlue() - colour.getBlue()) < 60;
        }
    }
}
