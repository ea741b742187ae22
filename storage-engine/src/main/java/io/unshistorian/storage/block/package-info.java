/**
 * Block files: the immutable, checksummed files compaction writes, one time partition of many
 * series' chunks each, with a footer index. {@code BlockDescriptor} declares the layout,
 * {@code BlockFileWriter} writes one (temporary name, fsync, rename), {@code BlockFile} maps and
 * verifies one (reference counted), {@code BlockSet} holds the live ones. Specification:
 * {@code docs/format/blocks.md}.
 */
package io.unshistorian.storage.block;
