/**
 * The {@code historian} command line (picocli) and its launcher jar: serve, demo, import, query,
 * latest, browse, export. Client commands speak gRPC to a running server, or open a data directory
 * directly; {@code CsvCells} is its one CSV writer, {@code Output} its table/CSV/JSON printer.
 */
package io.unshistorian.cli;
