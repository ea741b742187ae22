/**
 * Cold history as Apache Parquet for the engines a data platform already runs ({@code docs/archive.md}):
 * {@link io.unshistorian.archive.ParquetArchive} writes each cold day of each namespace to a
 * Hive-style partition ({@code level1=…/level2=…/date=…/part-0.parquet}), again only when the day's
 * block files changed, and keeps a manifest of what is archived.
 */
package io.unshistorian.archive;
