/**
 * Arrow export over the embedded API: {@code ExportQuery} (what a Flight ticket names),
 * {@code ArrowExporter} (bounded record batches, long and wide layouts), {@code ArrowFiles} (IPC file
 * and stream), {@code HistorianFlightServer} and its producer. See {@code docs/arrow.md}.
 */
package io.unshistorian.export;
