/**
 * The query engine over the storage engine's scans: {@code QueryEngine} resolves a {@code Selection}
 * (paths, MQTT filters, tags) through the namespace index and runs raw ranges with paging,
 * bucket aggregates ({@code BucketAggregator}, TWA included, answered from chunk statistics where
 * whole chunks fit), interpolation ({@code GridInterpolator}), latest values and M4 plot values
 * ({@code PixelFolder}). Exact semantics: {@code docs/query.md}.
 */
package io.unshistorian.query;
