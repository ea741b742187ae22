package io.unshistorian.storage;

import java.time.Duration;
import java.util.Objects;

import io.unshistorian.storage.series.TopicFilter;

/**
 * Drop data of the series matching {@code filter} (an MQTT-style filter such as
 * {@code acme/+/packaging/#}) once a whole partition of it is older than {@code maxAge}. When
 * several rules match a series, the longest age applies; series no rule matches are kept forever.
 */
public record RetentionRule(String filter, Duration maxAge) {
    public RetentionRule {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(maxAge, "maxAge");
        TopicFilter.levels(filter);   // a malformed filter fails here, not in a background compaction later
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("retention age must be positive, got " + maxAge + " for " + filter);
        }
    }
}
