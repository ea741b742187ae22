package io.unshistorian.storage;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;


/**
 * The settings a data directory is created with and must keep ({@code <data>/store.properties}):
 * the layout version, the partition width (blocks of different widths would overlap) and the WAL
 * roll period (cycle files are named by it). Opening a directory with other values is refused.
 */
final class StoreSettings {
    static final String FILE = "store.properties";
    static final int LAYOUT_VERSION = 1;

    private StoreSettings() {
    }

    static void checkOrCreate(Path directory, StorageOptions options) throws IOException {
        Path file = directory.resolve(FILE);
        String width = Long.toString(options.partitionWidth().getSeconds());
        String roll = options.walRollPeriod().name();
        if (!Files.exists(file)) {
            Properties created = new Properties();
            created.setProperty("layout.version", Integer.toString(LAYOUT_VERSION));
            created.setProperty("partition.width.seconds", width);
            created.setProperty("wal.roll.period", roll);
            Path temporary = directory.resolve(FILE + ".tmp");
            StringWriter text = new StringWriter();
            created.store(text, "UNS Historian data directory: fixed when it was created");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                options.fileSync().force(channel, temporary, true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            options.fileSync().forceDirectory(directory);
            return;
        }
        Properties stored = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            stored.load(in);
        }
        require(file, stored, "layout.version", Integer.toString(LAYOUT_VERSION), "layout version");
        require(file, stored, "partition.width.seconds", width, "partition width (seconds)");
        require(file, stored, "wal.roll.period", roll, "WAL roll period");
    }

    private static void require(Path file, Properties stored, String key, String wanted, String what)
        throws IOException {
        String actual = stored.getProperty(key);
        if (!wanted.equals(actual)) {
            throw new IOException(file.getParent() + " was created with " + what + " " + actual + "; it cannot be "
                + "opened with " + wanted + " (" + key + " in " + file.getFileName() + ")");
        }
    }
}
