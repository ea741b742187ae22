/**
 * Ingest: sources that write through the embedded API ({@code io.unshistorian.embedded.Historian}),
 * each in its own package: {@code csv} (the long CSV layout: parsing, and import into a historian),
 * {@code simulation} (a simulated ISA-95 plant for demos and load). MQTT and Sparkplug B come next,
 * as their own packages. No source reaches storage internals: validation and series creation happen
 * in the engine, atomically with the write. See {@code docs/architecture.md}.
 */
package io.unshistorian.ingest;
