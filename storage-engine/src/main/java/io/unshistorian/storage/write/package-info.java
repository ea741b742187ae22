/**
 * What a write is and why one is refused: {@code WriteBatch} (a batch as columns, accepted or
 * rejected whole), {@code BatchValidator} (the checks against the catalog), {@code WriteLimits},
 * {@code BatchRejectedException} (with its {@code Kind}) and {@code WritesRefusedException}.
 */
package io.unshistorian.storage.write;
