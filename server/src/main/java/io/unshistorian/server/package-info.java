/**
 * The gRPC server over the embedded API: {@code HistorianServer} (the {@code historian.v1} service,
 * standard health following the storage engine's health, reflection), {@code HistorianService}
 * (the RPCs), {@code ProtoMapping} (wire messages to API types), {@code StatusMapping} (failures to
 * statuses by type, never a stack trace), {@code StreamSender} (flow-controlled server streams).
 * Uses only the embedded API ({@code io.unshistorian.embedded}); see {@code docs/grpc.md}.
 */
package io.unshistorian.server;
