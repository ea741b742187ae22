/**
 * The chunk: one series' samples in a time range as compressed columns with a statistics header
 * and a CRC32C. {@code ChunkDescriptor} declares the layout, {@code ChunkEncoder} and
 * {@code ChunkDecoder} write and read it, {@code ChunkHeader} reads the statistics in place,
 * {@code SampleColumns} are the reusable columns. Specification: {@code docs/format/chunk.md}.
 */
package io.unshistorian.compression.chunk;
