/**
 * Ingest: sources that feed the write path, such as CSV files (validation lives with the catalog in
 * storage-engine, since type checks must be atomic with series creation); MQTT and
 * Sparkplug B subscribers come later. See {@code docs/architecture.md}.
 */
package io.unshistorian.ingest;
