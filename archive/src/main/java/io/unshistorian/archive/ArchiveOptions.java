package io.unshistorian.archive;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * What to archive and how: the series (MQTT filters), how many leading path levels partition the
 * files ({@code level1=acme/level2=dallas/…}), and how long a day must have ended before it is cold
 * enough to archive (later samples of an archived day make it be exported again).
 */
public record ArchiveOptions(List<String> filters, int levels, Duration coldAfter, LongSupplier clockMillis) {
    public ArchiveOptions {
        filters = List.copyOf(filters.isEmpty() ? List.of("#") : filters);
        if (levels < 0 || levels > 8) {
            throw new IllegalArgumentException("--levels is 0..8 (path levels that partition the files), not " + levels);
        }
        if (coldAfter.isNegative()) {
            throw new IllegalArgumentException("--cold-after cannot be negative");
        }
    }

    /** Everything, two levels (enterprise and site in ISA-95), days ended an hour ago or more. */
    public static ArchiveOptions defaults() {
        return new ArchiveOptions(List.of("#"), 2, Duration.ofHours(1), System::currentTimeMillis);
    }
}
