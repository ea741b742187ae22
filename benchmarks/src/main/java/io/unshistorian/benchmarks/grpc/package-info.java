/**
 * gRPC harness: a server in its own JVM, writes, streamed reads and query latency over loopback.
 */
package io.unshistorian.benchmarks.grpc;
