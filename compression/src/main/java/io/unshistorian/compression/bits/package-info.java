/**
 * Bit streams over Agrona buffers: {@code BitWriter} and {@code BitReader}, most significant bit first,
 * reading a 64-bit window per record so the fast path inlines. The codecs of {@code codec} write
 * through them; the bit order is specified in {@code docs/format/chunk.md}.
 */
package io.unshistorian.compression.bits;
