package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.unshistorian.storage.write.WriteBatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the engine releases every file descriptor, memory mapping and thread it opened. */
class ResourceLeakTest {
    private static final long T0 = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void closeReleasesFilesMappingsAndThreads() throws Exception {
        Path data = dir.toRealPath();
        for (int round = 0; round < 3; round++) {
            StorageOptions options = StorageOptions.builder()
                .compactionInterval(Duration.ofMillis(10))
                .fsyncInterval(Duration.ofMillis(10))
                .mergeFanIn(2)
                .build();
            try (StorageEngine engine = StorageEngine.open(data, options)) {
                WriteBatch batch = new WriteBatch();
                for (int b = 0; b < 20; b++) {
                    batch.clear();
                    for (int i = 0; i < 100; i++) {
                        batch.addDouble("leak/s" + (i % 7), T0 + (round * 10_000L + b * 100L + i) * 1_000_000_000L, i);
                    }
                    engine.write(batch);
                    engine.read("leak/s1", Long.MIN_VALUE + 1, Long.MAX_VALUE, (t, v, q, s) -> { });
                }
                engine.compactNow();
                assertEquals(false, openFilesUnder(data).isEmpty(), "the probe sees the engine's own files");
            }
            assertEquals(List.of(), openFilesUnder(data), "file descriptors left open after close");
            assertEquals(List.of(), mappingsUnder(data), "memory mappings left after close");
            assertEquals(List.of(), engineThreads(), "threads left running after close");
        }
    }

    private static List<String> openFilesUnder(Path data) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(data.toString())) {
                        open.add(target);
                    }
                } catch (IOException e) {
                    // the descriptor closed while listing
                }
            }
        }
        return open;
    }

    private static List<String> mappingsUnder(Path data) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(line -> line.contains(data.toString())).collect(Collectors.toList());
    }

    private static List<String> engineThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(name -> name.startsWith("uns-historian")).collect(Collectors.toList());
    }
}
