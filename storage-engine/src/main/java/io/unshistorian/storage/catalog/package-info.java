/**
 * The series catalog: {@code CatalogFile} (the durable, append-only {@code catalog.log}; specification
 * {@code docs/format/catalog.md}), {@code SeriesCatalog} (path to permanent id, value type and
 * metadata) and {@code NamespaceIndex} (RoaringBitmaps per path segment: MQTT-filter match and browse).
 */
package io.unshistorian.storage.catalog;
