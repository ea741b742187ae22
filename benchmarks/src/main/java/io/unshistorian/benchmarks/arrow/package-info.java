/**
 * Arrow export harness: IPC file and Flight throughput ({@code benchmarks/README.md}).
 */
package io.unshistorian.benchmarks.arrow;
