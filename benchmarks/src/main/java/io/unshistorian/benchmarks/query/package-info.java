/**
 * Query benchmarks (JMH): raw scans, aggregates over a year, latest values, single-groupby.
 */
package io.unshistorian.benchmarks.query;
