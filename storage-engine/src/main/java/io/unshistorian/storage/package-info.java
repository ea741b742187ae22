/**
 * Storage engine: write-ahead log (Chronicle Queue), series catalog and namespace index
 * (RoaringBitmap), in-memory head, compaction into block files, retention and recovery.
 * Built by the storage issue; see {@code docs/architecture.md}.
 */
package io.unshistorian.storage;
