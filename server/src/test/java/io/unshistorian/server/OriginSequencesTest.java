package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Resends are recognised per caller and origin, and no caller can make the table grow without bound. */
class OriginSequencesTest {
    @Test
    void remembersPerCallerAndOriginWithinBounds() {
        OriginSequences origins = new OriginSequences();
        origins.record("token:a", "edge/1", 10);
        assertTrue(origins.stored("token:a", "edge/1", 10));
        assertFalse(origins.stored("token:a", "edge/1", 11));
        assertFalse(origins.stored("token:b", "edge/1", 5), "another caller's batches are its own");
        origins.record("token:a", "edge/1", 3);
        assertTrue(origins.stored("token:a", "edge/1", 10), "the highest stays");

        String huge = "x".repeat(OriginSequences.MAX_ORIGIN_CHARS + 1);
        origins.record("token:a", huge, 1);
        assertFalse(origins.stored("token:a", huge, 1), "an oversized origin is not remembered");
        for (int i = 0; i < OriginSequences.MAX_ORIGINS + 10; i++) {
            origins.record("token:h", "o" + i, 1);
        }
        assertFalse(origins.stored("token:h", "o" + (OriginSequences.MAX_ORIGINS + 5), 1), "past the bound, not remembered");
        origins.record("token:a", "edge/1", 20);
        assertTrue(origins.stored("token:a", "edge/1", 20), "known origins still move on");
    }
}
