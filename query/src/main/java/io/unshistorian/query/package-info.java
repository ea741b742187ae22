/**
 * Read path: series selection, raw range scans, aggregates, interpolation and latest values.
 * Built by the query issue; see {@code docs/architecture.md}.
 */
package io.unshistorian.query;
