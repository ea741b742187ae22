/**
 * Workloads for the benchmarks: the real data sets and a seeded synthetic plant.
 */
package io.unshistorian.benchmarks.data;
