package io.unshistorian.cli;

import java.util.List;

/** Checks an option that takes one of a few words, so a typo is refused instead of read as the default. */
final class OptionChoices {
    private OptionChoices() {
    }

    /** @throws IllegalArgumentException "--option is a, b or c, not 'x'" */
    static String require(String option, String value, String... allowed) {
        if (List.of(allowed).contains(value)) {
            return value;
        }
        String choices = allowed.length == 1 ? allowed[0] : String.join(", ", List.of(allowed).subList(0,
            allowed.length - 1)) + " or " + allowed[allowed.length - 1];
        throw new IllegalArgumentException(option + " is " + choices + ", not '" + value + "'");
    }
}
