/**
 * The file layer's one fsync seam ({@link io.unshistorian.storage.file.FileSync}): where data reaches
 * the device, and where tests inject a failing disk.
 */
package io.unshistorian.storage.file;
