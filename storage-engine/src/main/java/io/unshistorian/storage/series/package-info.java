/**
 * A series as the catalog knows it: {@code Series} (permanent id, path, value type, metadata),
 * {@code SeriesMetadata}, and {@code SeriesPath} (the rules a stored UNS path follows).
 */
package io.unshistorian.storage.series;
