package io.unshistorian.storage.crash;

import java.io.PrintStream;
import java.nio.file.Path;

import io.unshistorian.storage.StorageEngine;
import io.unshistorian.storage.StorageOptions;
import io.unshistorian.storage.write.WriteBatch;

/**
 * The child process of the crash test: writes batches from a given number on, as fast as the
 * engine allows, with compaction and merges running all the time, and prints {@code ACK <batch>}
 * after each batch the engine acknowledged. It is killed with SIGKILL at a random moment.
 */
public final class CrashWriterMain {
    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        long firstBatch = Long.parseLong(args[1]);
        StorageOptions options = CrashWorkload.options().build();
        PrintStream out = System.out;
        try (StorageEngine engine = StorageEngine.open(directory, options)) {
            out.println("OPEN");
            out.flush();
            WriteBatch batch = new WriteBatch(CrashWorkload.SAMPLES_PER_BATCH);
            for (long b = firstBatch; ; b++) {
                CrashWorkload.fill(batch, b);
                engine.write(batch);
                out.println("ACK " + b);
                out.flush();
                if ((b & 7) == 0) {
                    Thread.sleep(1);
                }
            }
        }
    }
}
