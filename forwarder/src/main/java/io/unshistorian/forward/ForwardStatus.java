package io.unshistorian.forward;

import java.util.List;

/**
 * Where a forwarder stands: the edge's last accepted batch against the last one the central
 * acknowledged, the gaps, and the last failure. {@link #complete()} is the operator's proof that
 * the central holds everything the edge has accepted so far (within the forwarded namespaces).
 *
 * @param backfilled edge batches deleted from the WAL unsent and sent from the block files instead
 * @param lastError the last failure (connection, refusal) and when, empty when the last send worked
 * @param lastAckMillis when the central last acknowledged a batch, epoch ms; 0 when never
 */
public record ForwardStatus(String target, String origin, long edgeLastSequence, long acknowledged,
                            long samplesForwarded, List<ForwardState.Gap> gaps, List<ForwardState.Gap> backfilled,
                            String lastError, long lastAckMillis) {
    /** Edge batches accepted but not yet acknowledged by the central. */
    public long behind() {
        return Math.max(0, edgeLastSequence - acknowledged);
    }

    /** Every batch the edge accepted so far is at the central, and nothing was lost on the way. */
    public boolean complete() {
        return behind() == 0 && gaps.isEmpty();
    }
}
