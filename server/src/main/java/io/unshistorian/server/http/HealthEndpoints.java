package io.unshistorian.server.http;

import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.server.JsonText;
import io.unshistorian.storage.StorageHealth;

/**
 * {@code /healthz} (liveness: the process answers and its data directory is open) and {@code
 * /readyz} (readiness: the engine records; 503 while it refuses writes after a failed fsync, with
 * the reason). Both are public: a supervisor or load balancer checks them without credentials, and
 * they say nothing beyond the engine's state.
 */
public final class HealthEndpoints {
    private HealthEndpoints() {
    }

    public static List<HttpRoute> routes(Historian historian) {
        return List.of(
            new HttpRoute("/healthz", false, (exchange, caller) -> {
                if (HttpResponses.readOnly(exchange)) {
                    StorageHealth health = health(historian);
                    HttpResponses.text(exchange, health == null ? 503 : 200, health == null ? "closed\n" : "ok\n");
                }
            }),
            new HttpRoute("/readyz", false, (exchange, caller) -> {
                if (HttpResponses.readOnly(exchange)) {
                    StorageHealth health = health(historian);
                    boolean ready = health != null && health.state() != StorageHealth.State.WRITES_REFUSED;
                    HttpResponses.json(exchange, ready ? 200 : 503, health == null
                        ? "{\"ready\":false,\"state\":\"CLOSED\",\"detail\":\"the data directory is closed\"}\n"
                        : "{\"ready\":" + ready + ",\"state\":\"" + health.state() + "\",\"detail\":"
                            + JsonText.quote(health.detail()) + ",\"since_ms\":" + health.sinceMillis() + "}\n");
                }
            }));
    }

    /** The engine's health, or null once the historian is closed. */
    private static StorageHealth health(Historian historian) {
        try {
            return historian.health();
        } catch (IllegalStateException closed) {
            return null;
        }
    }
}
