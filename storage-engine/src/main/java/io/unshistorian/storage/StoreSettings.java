package io.unshistorian.storage;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

import io.unshistorian.storage.wal.WalRollPeriod;


/**
 * The settings a data directory is created with and must keep ({@code <data>/store.properties}):
 * the layout version, the partition width (blocks of different widths would overlap) and the WAL
 * roll period (cycle files are named by it). Opening a directory with other values is refused. A
 * CRC32C of the three values ({@code checksum.crc32c}) tells a damaged file from one written with
 * other settings: a flipped byte can turn a value into another valid one. Files written before the
 * checksum existed have none and are read as they are.
 */
final class StoreSettings {
    static final String FILE = "store.properties";
    static final int LAYOUT_VERSION = 1;
    static final String CHECKSUM = "checksum.crc32c";

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
            created.setProperty(CHECKSUM, checksum(Integer.toString(LAYOUT_VERSION), width, roll));
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
        String expected = "layout.version=" + LAYOUT_VERSION + ", partition.width.seconds=" + width
            + ", wal.roll.period=" + roll;
        Properties stored = new Properties();
        try (Reader in = new StringReader(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString())) {
            stored.load(in);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            throw new IOException(file + " is damaged (not a properties text file): restore it from a backup, or "
                + "write it with the settings the directory was created with (for this historian's: " + expected + ")");
        }
        if (checksumProblem(stored) != null) {
            throw new IOException(file + " is damaged (" + checksumProblem(stored) + "): restore it from a backup, or "
                + "write it with the settings the directory was created with (for this historian's: " + expected + ")");
        }
        require(file, stored, "layout.version", Integer.toString(LAYOUT_VERSION), "layout version", expected);
        require(file, stored, "partition.width.seconds", width, "partition width (seconds)", expected);
        require(file, stored, "wal.roll.period", roll, "WAL roll period", expected);
    }

    /**
     * The WAL roll period {@code store.properties} names, reporting to {@code problems} when it is
     * missing or unreadable (then null). For {@code historian verify}.
     */
    static WalRollPeriod inspect(Path directory, StorageProblems problems) throws IOException {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            problems.report(file, 0, "missing: the settings the directory was created with are unknown");
            return null;
        }
        Properties stored = new Properties();
        try (Reader in = new StringReader(StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString())) {
            stored.load(in);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            problems.report(file, 0, "damaged (not a properties text file)");
            return null;
        }
        String damaged = checksumProblem(stored);
        if (damaged != null) {
            problems.report(file, 0, "damaged (" + damaged + ")");
        }
        String version = stored.getProperty("layout.version");
        if (version == null || !version.strip().equals(Integer.toString(LAYOUT_VERSION))) {
            problems.report(file, 0, "layout.version is " + version + ", this build reads " + LAYOUT_VERSION);
        }
        String width = stored.getProperty("partition.width.seconds");
        try {
            if (width == null || Long.parseLong(width.strip()) <= 0) {
                problems.report(file, 0, "partition.width.seconds is " + width + ", not a positive number");
            }
        } catch (NumberFormatException e) {
            problems.report(file, 0, "partition.width.seconds is " + width + ", not a positive number");
        }
        String roll = stored.getProperty("wal.roll.period");
        try {
            return WalRollPeriod.valueOf(roll == null ? "" : roll.strip());
        } catch (IllegalArgumentException e) {
            problems.report(file, 0, "wal.roll.period is " + roll + ", not one of "
                + java.util.Arrays.toString(WalRollPeriod.values()));
            return null;
        }
    }

    /** CRC32C, 8 hex digits, of the three settings as {@code version\nwidth\nroll}. */
    static String checksum(String version, String width, String roll) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update((version + "\n" + width + "\n" + roll).getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /** Why the stored checksum does not match the stored values, or null (also when there is none). */
    private static String checksumProblem(Properties stored) {
        String recorded = stored.getProperty(CHECKSUM);
        if (recorded == null) {
            return null;
        }
        String actual = checksum(strip(stored.getProperty("layout.version")), strip(stored.getProperty(
            "partition.width.seconds")), strip(stored.getProperty("wal.roll.period")));
        return actual.equals(recorded.strip()) ? null : "its " + CHECKSUM + " " + recorded.strip()
            + " does not match its settings, " + actual;
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }

    private static void require(Path file, Properties stored, String key, String wanted, String what,
                                String expected) throws IOException {
        String actual = stored.getProperty(key);
        if (actual == null) {
            throw new IOException(file + " has no " + key + " (it is damaged or was edited): restore it from a "
                + "backup, or add the settings the directory was created with (for this historian's: " + expected + ")");
        }
        if (!wanted.equals(actual.strip())) {
            throw new IOException(file.getParent() + " was created with " + what + " " + actual + "; it cannot be "
                + "opened with " + wanted + " (" + key + " in " + file.getFileName() + ")");
        }
    }
}
