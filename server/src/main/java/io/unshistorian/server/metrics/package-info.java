/**
 * The server's Prometheus metrics: one registry per server ({@code HistorianMetrics}) fed by the
 * storage engine's events, the write path, every listener's calls and the ingest sources, exposed
 * by the HTTP listener's {@code /metrics}. Built on the official Prometheus Java client; the
 * embedded API and the engine carry no metrics library.
 */
package io.unshistorian.server.metrics;
