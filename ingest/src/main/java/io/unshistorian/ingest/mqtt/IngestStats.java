package io.unshistorian.ingest.mqtt;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a source has done since it started: messages received and acknowledged, samples stored, and
 * every message or sample not stored, by {@link Reason}. Thread-safe; cheap to update.
 */
public final class IngestStats {
    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder samples = new LongAdder();
    private final EnumMap<Reason, LongAdder> rejected = new EnumMap<>(Reason.class);

    public IngestStats() {
        for (Reason reason : Reason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    void countReceived() {
        received.increment();
    }

    void acknowledged(int count) {
        acknowledged.add(count);
    }

    void stored(int sampleCount) {
        samples.add(sampleCount);
    }

    void countRejected(Reason reason) {
        rejected.get(reason).increment();
    }

    public long received() {
        return received.sum();
    }

    public long acknowledgedMessages() {
        return acknowledged.sum();
    }

    public long storedSamples() {
        return samples.sum();
    }


    public long rejected(Reason reason) {
        return rejected.get(reason).sum();
    }

    /** Every reason with a count above zero. */
    public Map<Reason, Long> rejections() {
        Map<Reason, Long> counts = new EnumMap<>(Reason.class);
        rejected.forEach((reason, count) -> {
            long sum = count.sum();
            if (sum > 0) {
                counts.put(reason, sum);
            }
        });
        return counts;
    }

    @Override
    public String toString() {
        return "received " + received() + ", acknowledged " + acknowledgedMessages() + ", samples stored "
            + storedSamples() + ", not stored " + rejections();
    }
}
