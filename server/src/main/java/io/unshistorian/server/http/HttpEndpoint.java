package io.unshistorian.server.http;

import java.io.IOException;

import com.sun.net.httpserver.HttpExchange;

import io.unshistorian.server.security.Caller;

/** Answers the requests of one route, for a caller the listener has already authenticated (where the route asks). */
@FunctionalInterface
public interface HttpEndpoint {
    /**
     * Reads the request and sends the whole response (see {@link HttpResponses}).
     *
     * @throws IllegalArgumentException for a bad request: answered 400 with its message
     */
    void handle(HttpExchange exchange, Caller caller) throws IOException;
}
