package io.unshistorian.server.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.unshistorian.testkit.ChildJvm;

/** A {@link FaultServerMain} child JVM: started, waited for, and killed for real. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> output = new ArrayList<>();
    private final long startedNanos = System.nanoTime();

    private ServerProcess(Process process) {
        this.process = process;
    }

    static ServerProcess start(Path data, String heap, boolean load, Consumer<String> memoryLines)
        throws IOException {
        List<String> arguments = new ArrayList<>(List.of(data.toString()));
        if (load) {
            arguments.add("--load");
        }
        Process process = new ProcessBuilder(ChildJvm.command(List.of(heap, "-XX:+UseG1GC"), FaultServerMain.class,
            arguments.toArray(new String[0]))).redirectErrorStream(true).start();
        ServerProcess server = new ServerProcess(process);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("MEMORY ")) {
                        memoryLines.accept(line);
                        continue;
                    }
                    synchronized (server.output) {
                        if (server.output.size() < 2000) {
                            server.output.add(line);
                        }
                    }
                    server.lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        return server;
    }

    /** Waits for the {@code PORT} line; returns the port. */
    int awaitPort(long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith("PORT ")) {
                return Integer.parseInt(line.substring(5).trim());
            }
            if (line == null && !process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("the server did not start: " + output());
    }

    /** The open time the server printed ({@code OPENED <ms>}), or -1. */
    long openedMillis() {
        synchronized (output) {
            for (String line : output) {
                if (line.startsWith("OPENED ")) {
                    return Long.parseLong(line.substring(7).trim());
                }
            }
        }
        return -1;
    }

    long sinceStartMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM (the normal shutdown). */
    void terminate() {
        process.destroy();
    }

    boolean awaitExit(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
