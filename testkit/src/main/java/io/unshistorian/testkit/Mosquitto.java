package io.unshistorian.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker for tests: Debian's {@code mosquitto} on a free 127.0.0.1 port, with
 * persistence in a directory of the test, so a restart keeps sessions and queued messages (as a
 * plant broker does). {@link #kill()} and {@link #start()} restart it on the same port.
 */
public final class Mosquitto implements AutoCloseable {
    private static final Path BINARY = findBinary();

    private final Path directory;
    private final int port;
    private final String listenerSettings;
    private Process process;

    private Mosquitto(Path directory, int port, String listenerSettings) {
        this.directory = directory;
        this.port = port;
        this.listenerSettings = listenerSettings;
    }

    /** Whether {@code mosquitto} is installed (tests that need it are skipped with a reason otherwise). */
    public static boolean installed() {
        return BINARY != null;
    }

    /** Starts a broker whose config and persistence live under {@code directory}. */
    public static Mosquitto start(Path directory) throws IOException {
        return start(directory, "");
    }

    /**
     * Starts a broker whose listener also has {@code listenerSettings} (mosquitto.conf lines), e.g.
     * {@code cafile}, {@code certfile}, {@code keyfile} and {@code require_certificate true} for TLS.
     */
    public static Mosquitto start(Path directory, String listenerSettings) throws IOException {
        if (BINARY == null) {
            throw new IllegalStateException("mosquitto is not installed: apt-get install mosquitto mosquitto-clients");
        }
        Mosquitto broker = new Mosquitto(directory, FreePorts.free(), listenerSettings);
        broker.start();
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** (Re)starts the broker on its port and waits until it accepts connections. */
    public synchronized void start() throws IOException {
        Files.createDirectories(directory);
        Path config = directory.resolve("mosquitto.conf");
        StringBuilder text = new StringBuilder()
            .append("listener ").append(port).append(" 127.0.0.1\n").append(listenerSettings)
            .append("allow_anonymous true\n")
            .append("persistence true\n")
            .append("persistence_location ").append(directory.toAbsolutePath()).append("/\n")
            .append("autosave_interval 1\n")
            .append("max_queued_messages 0\n")
            .append("max_inflight_messages 100\n")
            .append("log_dest file ").append(directory.toAbsolutePath().resolve("mosquitto.log")).append('\n');
        if ("root".equals(System.getProperty("user.name"))) {
            text.append("user root\n");
        }
        Files.writeString(config, text.toString());
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
            .redirectErrorStream(true).redirectOutput(directory.resolve("mosquitto.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + "; see "
                    + directory.resolve("mosquitto.out"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Pause.millis(50);
            }
        }
        throw new IOException("mosquitto did not listen on port " + port + " within 10 s");
    }

    /** Stops the broker cleanly (it saves its persistence file). */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    /** Kills the broker with SIGKILL: what it had not saved is lost, as on a power cut. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            waitFor();
        }
    }

    /**
     * Publishes at QoS 1 with {@code mosquitto_pub}, an independent client; a null payload sends an
     * empty message.
     */
    public void publish(String topic, String payload, String... extraArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1",
            "-p", Integer.toString(port), "-t", topic, "-q", "1"));
        command.addAll(payload == null ? List.of("-n") : List.of("-m", payload));
        command.addAll(List.of(extraArguments));
        Process pub = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!pub.waitFor(10, TimeUnit.SECONDS) || pub.exitValue() != 0) {
                throw new IOException("mosquitto_pub " + topic + " failed: " + new String(pub.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void waitFor() {
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static Path findBinary() {
        for (String candidate : List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }
}
