package io.unshistorian.ingest.mqtt;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.unshistorian.embedded.Historian;

/**
 * A historian recording {@code loss/#} from a broker, in its own JVM, for tests that {@code kill -9}
 * it: prints {@code READY}, then {@code received N} twice a second; on a {@code stop} line it
 * stores and acknowledges what it holds and exits.
 */
public final class MqttRecorderMain {
    private MqttRecorderMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        URI broker = URI.create(args[1]);
        try (Historian historian = Historian.open(data)) {
            MqttSource source = MqttSource.start(historian, MqttSource.Settings.of(
                MqttSettings.plain(broker, "recorder"), "loss/#"));
            if (!source.awaitSubscribed(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not subscribed within 30 s");
            }
            System.out.println("READY");
            Thread reporter = new Thread(() -> {
                try {
                    while (true) {
                        System.out.println("received " + source.stats().received() + " acknowledged "
                            + source.stats().acknowledgedMessages());
                        Thread.sleep(500);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reporter.setDaemon(true);
            reporter.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                // wait for stop
            }
            source.close();
        }
        System.out.println("STOPPED");
    }
}
