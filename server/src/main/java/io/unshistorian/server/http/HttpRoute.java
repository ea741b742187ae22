package io.unshistorian.server.http;

import java.util.Objects;

/**
 * One path of the HTTP listener (and every path below it).
 *
 * @param path          where it is served, e.g. {@code /metrics}; {@code /} for everything else
 * @param authenticated whether a caller must be authenticated when the server requires it (health
 *                      checks and the page's static files do not)
 * @param endpoint      what answers
 */
public record HttpRoute(String path, boolean authenticated, HttpEndpoint endpoint) {
    public HttpRoute {
        Objects.requireNonNull(endpoint);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("an HTTP route's path starts with '/', not '" + path + "'");
        }
    }
}
