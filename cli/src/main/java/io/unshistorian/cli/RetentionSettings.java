package io.unshistorian.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.unshistorian.storage.RetentionRule;

/**
 * Retention of {@code serve}: {@code FILTER=DURATION} items ({@code acme/#=365d}) from the repeatable
 * {@code --retention} flag or the config file's comma-separated {@code retention} key. Data of the
 * series a filter matches is dropped a day (the partition width) at a time once it is older than the
 * duration; where several match, the longest applies; series none matches are kept forever.
 */
final class RetentionSettings {
    private RetentionSettings() {
    }

    /** @param source where the items come from, for the error message ("--retention", "retention in FILE") */
    static List<RetentionRule> parse(List<String> items, String source) {
        List<RetentionRule> rules = new ArrayList<>();
        for (String item : items) {
            rules.add(parse(item, source));
        }
        return rules;
    }

    static RetentionRule parse(String item, String source) {
        int eq = item.lastIndexOf('=');   // a duration holds no '=', a topic filter may
        if (eq <= 0 || eq == item.length() - 1) {
            throw new IllegalArgumentException(source + " wants FILTER=DURATION, e.g. 'acme/#=365d', not '" + item
                + "'");
        }
        try {
            return new RetentionRule(item.substring(0, eq).strip(),
                Duration.ofNanos(TimeArguments.duration(item.substring(eq + 1).strip())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " '" + item + "': " + e.getMessage());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(source + " '" + item + "': the duration is too long, use at most "
                + "106751d");
        }
    }

    /** {@code acme/#=365d, scratch/#=7d} for the server's banner. */
    static String describe(List<RetentionRule> rules) {
        List<String> items = new ArrayList<>();
        for (RetentionRule rule : rules) {
            Duration age = rule.maxAge();
            items.add(rule.filter() + "=" + (age.toSeconds() % 86_400 == 0 && age.toNanos() % 1_000_000_000L == 0
                ? age.toDays() + "d" : age.toString()));
        }
        return String.join(", ", items);
    }
}
