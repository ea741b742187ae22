/**
 * The write-ahead log: {@code WriteAheadLog} (a Chronicle Queue, one excerpt per accepted batch:
 * append, sync, replay, cycle deletion), {@code WalRecord} (the record layout, declared once) and
 * {@code WalRecordReader}; {@code FsyncPolicy} and {@code WalRollPeriod}. Specification:
 * {@code docs/format/wal.md}.
 */
package io.unshistorian.storage.wal;
