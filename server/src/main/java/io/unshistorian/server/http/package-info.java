/**
 * The HTTP listener of {@code historian serve}: {@code /metrics} for Prometheus, {@code /healthz}
 * and {@code /readyz} for supervisors and load balancers, and the trend page with its JSON API. It
 * follows the one listening policy of every listener (loopback, or TLS with callers authenticated,
 * or the explicit opt-out) and authenticates callers as the gRPC API does (a client certificate,
 * an API token or a JWT as a bearer).
 */
package io.unshistorian.server.http;
