package io.unshistorian.storage.wal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * How often the WAL starts a new cycle file. Compacted cycles are deleted whole, so a shorter
 * period frees disk sooner; each cycle file has a fixed cost (its index and first block).
 */
public enum WalRollPeriod {
    FIVE_MINUTES(RollCycles.FIVE_MINUTELY),
    HOUR(RollCycles.FAST_HOURLY),
    DAY(RollCycles.FAST_DAILY);

    private final RollCycle rollCycle;

    WalRollPeriod(RollCycle rollCycle) {
        this.rollCycle = rollCycle;
    }

    RollCycle rollCycle() {
        return rollCycle;
    }
}
