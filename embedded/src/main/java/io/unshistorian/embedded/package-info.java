/**
 * The embedded Java API: what a MES/SCADA vendor's application calls, through {@link
 * io.unshistorian.embedded.Historian}. It brings no gRPC, Netty, protobuf, Arrow, MQTT client or
 * picocli onto the classpath (the build's enforcer rule checks it).
 *
 * <p>The whole API is this set of types, and {@code EmbeddedApiSurfaceTest} fails when a public
 * signature reachable from {@code Historian} names any other type of the project or of a library:
 * <ul>
 *   <li>this package: {@code Historian}, {@code Sample}, {@code NamespaceNode};</li>
 *   <li>writing: {@code storage.write.WriteBatch}, {@code BatchRejectedException} (and its {@code Kind}),
 *       {@code WritesRefusedException}, {@code WriteLimits};</li>
 *   <li>series: {@code storage.series.Series}, {@code SeriesMetadata};
 *       values: {@code compression.chunk.ValueType}, {@code Quality};</li>
 *   <li>opening and watching: {@code storage.StorageOptions} (and its {@code Builder} and
 *       {@code ChangeRetention}), {@code StorageEvents} (WAL appends and fsyncs and compaction rounds,
 *       for an application's own metrics), {@code RetentionRule}, {@code wal.FsyncPolicy}, {@code wal.WalRollPeriod},
 *       {@code StorageStatus}, {@code StorageHealth}, {@code StorageProblem}, {@code PartitionInfo};</li>
 *   <li>changes: {@code storage.ChangeFeed} (and its {@code Batch} and {@code Handler}), {@code DroppedChanges}:
 *       the accepted batches read back from the WAL, for a forwarder or change-data capture;</li>
 *   <li>reading: {@code storage.read.SampleVisitor} and the {@code io.unshistorian.query} operators and
 *       their requests and results ({@code QueryEngine}, {@code Selection}, {@code AggregateRequest},
 *       {@code AggregateRow}, {@code InterpolationRequest}, {@code InterpolatedValue}, {@code LatestValue},
 *       {@code PlotPoint}, {@code QualityMode}, {@code RawPage}, {@code RawVisitor}).</li>
 * </ul>
 * Everything else in the storage engine (heads, blocks, WAL, catalog, compaction, readers) is
 * internal and may change in any release.
 */
package io.unshistorian.embedded;
