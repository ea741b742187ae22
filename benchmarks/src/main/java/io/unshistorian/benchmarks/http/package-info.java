/** Harnesses for the HTTP listener: what the trend page waits for. */
package io.unshistorian.benchmarks.http;
