package io.unshistorian.query;

import io.unshistorian.compression.chunk.Quality;

/**
 * Which samples aggregates, interpolation and plot values use. Raw reads always return every
 * sample with its quality.
 */
public enum QualityMode {
    /** Only samples whose OPC UA severity is Good (the default); the others are counted as excluded. */
    GOOD_ONLY,
    /** Every sample, whatever its quality. */
    ALL;

    boolean accepts(int quality) {
        return this == ALL || Quality.isGood(quality);
    }
}
