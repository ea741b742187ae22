/**
 * Ingest: the embedded write path (validation, batching) and sources such as CSV files; MQTT and
 * Sparkplug B subscribers come later. See {@code docs/architecture.md}.
 */
package io.unshistorian.ingest;
