package io.unshistorian.storage.read;

/**
 * Receives the samples of a raw read, in time order, one per timestamp (the last write of each).
 * {@code valueBits} is typed like the series (raw double bits, the long, 0/1); {@code text} is the
 * value of a STRING sample and null otherwise.
 */
@FunctionalInterface
public interface SampleVisitor {
    void sample(long timestampNanos, long valueBits, int quality, String text);
}
