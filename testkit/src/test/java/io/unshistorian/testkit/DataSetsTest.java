package io.unshistorian.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSetsTest {
    @TempDir
    Path dir;

    @Test
    void findsDataSetsByFolderAndReadsTheirRowsInNanoseconds() throws IOException {
        Files.createDirectories(dir.resolve("b_set"));
        Files.createDirectories(dir.resolve("a_set"));
        Files.createDirectories(dir.resolve("no_samples"));
        Files.writeString(dir.resolve("b_set/samples.csv"), "path,timestamp_ms,value\nx/y,1000,1.5\n\nx/z,-2,-0.0\n");
        Files.writeString(dir.resolve("a_set/samples.csv"), "path,timestamp_ms,value\n");
        List<Path> files = DataSets.sampleFiles(dir);
        assertEquals(List.of(dir.resolve("a_set/samples.csv"), dir.resolve("b_set/samples.csv")), files);
        assertEquals("b_set", DataSets.nameOf(files.get(1)));
        List<String> rows = new ArrayList<>();
        assertEquals(2, DataSets.forEachRow(files.get(1), (path, t, v) -> rows.add(path + " " + t + " " + v)));
        assertEquals(List.of("x/y 1000000000 1.5", "x/z -2000000 -0.0"), rows);
        assertTrue(DataSets.sampleFiles(dir.resolve("absent")).isEmpty());
    }

    @Test
    void aFileOfAnotherLayoutIsRefusedByName() throws IOException {
        Path file = dir.resolve("samples.csv");
        Files.writeString(file, "time,value\n1,2\n");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
            () -> DataSets.forEachRow(file, (path, t, v) -> { }));
        assertTrue(refused.getMessage().contains("header must be path,timestamp_ms,value"), refused.getMessage());
    }

    @Test
    void theSeedDescriptionSaysHowToReplay() {
        assertEquals("seed=42 (replay with -Duns.test.seed=42)", SeededRandom.describe(42));
        assertEquals(SeededRandom.random(7).nextLong(), SeededRandom.random(7).nextLong());
    }
}
