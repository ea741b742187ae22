package io.unshistorian.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What {@code serve} has started, closed in the reverse order: when a later piece fails to start,
 * and at shutdown. A piece that fails to close is reported in one line; the others still close.
 */
final class StartedServices {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Records {@code service} (null: nothing was started) and returns it. */
    <T extends AutoCloseable> T add(T service) {
        if (service != null) {
            started.push(service);
        }
        return service;
    }

    void closeAll() {
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                System.err.println("historian: closing " + service.getClass().getSimpleName() + " failed: "
                    + e.getMessage());
            }
        }
    }
}
