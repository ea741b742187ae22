package io.unshistorian.storage.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.unshistorian.testkit.ChildJvm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads and merges stay bounded in memory: 5 M samples of one series in five blocks that all
 * overlap one partition are read and merged by a JVM with a 96 MiB heap (the probe that found this
 * got an OutOfMemoryError reading such a series with 1 GiB, and lost its compactor thread to one).
 */
class BoundedMemoryTest {
    @TempDir
    Path dir;

    @Test
    void overlappingBlocksAreReadAndMergedInASmallHeap() throws Exception {
        Process child = new ProcessBuilder(ChildJvm.command(List.of("-Xmx96m"), OverlappingSeriesMain.class,
            dir.resolve("data").toString())).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(300, TimeUnit.SECONDS), "the child did not finish:\n" + output);
        assertEquals(0, child.exitValue(), output);
        long expected = (long) OverlappingSeriesMain.ROUNDS * OverlappingSeriesMain.PER_ROUND;
        assertTrue(output.contains("read " + expected), output);
        assertTrue(output.contains("after merge " + expected), output);
    }
}
