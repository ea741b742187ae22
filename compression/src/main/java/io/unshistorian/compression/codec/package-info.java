/**
 * Column codecs behind one contract ({@code LongColumnCodec}): delta-of-delta and delta
 * frame-of-reference for timestamps and integers (with a common divisor), Gorilla XOR and decimal
 * integers for doubles, run-length and bit-packing for booleans, qualities and dictionary indices,
 * and a raw fallback; each identified on disk by an explicit id ({@code CodecIds}). Bit layouts are
 * specified in {@code docs/format/chunk.md}.
 */
package io.unshistorian.compression.codec;
