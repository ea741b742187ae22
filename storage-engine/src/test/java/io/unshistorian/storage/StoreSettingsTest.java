package io.unshistorian.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** store.properties: a byte flip that turns a setting into another valid one is damage, not other settings. */
class StoreSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aFlippedValueIsReportedAsDamage() throws Exception {
        StorageEngine.open(dir, StorageOptions.builder().build()).close();
        Path file = dir.resolve("store.properties");
        String text = Files.readString(file);
        assertTrue(text.contains("checksum.crc32c="), text);
        assertTrue(DirectoryCheck.run(dir).clean(), "a fresh directory verifies clean");
        Files.writeString(file, text.replace("partition.width.seconds=86400", "partition.width.seconds=86401"));
        IOException refused = assertThrows(IOException.class, () -> StorageEngine.open(dir,
            StorageOptions.builder().build()).close());
        assertTrue(refused.getMessage().contains("is damaged") && refused.getMessage().contains("checksum"),
            refused.getMessage());
        assertFalse(DirectoryCheck.run(dir).clean(), "verify reports the damaged settings");
    }
}
