/**
 * The in-memory head: recent samples not yet in block files. {@code Heads} holds the active head and
 * the sealed ones and the write lock that orders them; a {@code Head} has one {@code SeriesBuffer}
 * per series written (samples in arrival order, appended by one writer, read in place by any number
 * of readers through {@code HeadSamples} views).
 */
package io.unshistorian.storage.head;
