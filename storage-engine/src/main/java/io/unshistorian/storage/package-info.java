/**
 * The storage engine of one data directory ({@code StorageEngine}: open, write, read, close) and
 * what wires it: {@code StorageOptions}, {@code Recovery} (what opening does), {@code BackgroundTasks}
 * (the compactor and WAL-sync threads, retried with backoff), {@code EngineHealth} and
 * {@code StorageHealth} (failures as states), {@code StorageStatus}, {@code StoreSettings}
 * ({@code store.properties}), {@code StorageProblems} (unreadable data found). The parts live in the
 * subpackages: {@code wal}, {@code catalog}, {@code head}, {@code block}, {@code compaction},
 * {@code read}, {@code write}, {@code series}, {@code file}. Formats: {@code docs/format/};
 * architecture: {@code docs/architecture.md}.
 */
package io.unshistorian.storage;
