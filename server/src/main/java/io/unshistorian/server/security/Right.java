package io.unshistorian.server.security;

import java.util.Locale;

/**
 * What a grant allows over its namespace. {@code read}: raw, aggregates, interpolation, plot,
 * latest, browse, list, metadata, Flight. {@code write}: write samples (it does not imply read:
 * an ingest service need not read back). {@code admin}: read and write, and change series
 * metadata; admin over {@code #} also sees server details (the data directory, ingest sources).
 */
public enum Right {
    READ, WRITE, ADMIN;

    /** Whether holding this right allows {@code wanted}. */
    public boolean allows(Right wanted) {
        return this == wanted || this == ADMIN;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the rights there are */
    public static Right parse(String text) {
        for (Right right : values()) {
            if (right.label().equals(text)) {
                return right;
            }
        }
        throw new IllegalArgumentException("right '" + text + "' is not one of read, write, admin");
    }
}
