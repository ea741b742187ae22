package io.unshistorian.server.security;

/**
 * How much of the server one principal may hold at once, so that one client cannot starve the
 * others: calls in progress (streams and queries), the size of one request (a write batch), and the
 * points one query may return.
 */
public record PrincipalLimits(int calls, long requestBytes, long pointsPerQuery) {
    /** Defaults: a quarter of the server's query slots, its largest message, 100 million points. */
    public static final PrincipalLimits DEFAULT = new PrincipalLimits(16, 16L << 20, 100_000_000L);
    /**
     * Anonymous callers (a server without authentication: every caller is the same anonymous
     * principal, so a per-principal limit would be a server-wide one) get only the server's own
     * limits, unless limits are set for {@code anonymous} or {@code *}.
     */
    public static final PrincipalLimits UNLIMITED = new PrincipalLimits(Integer.MAX_VALUE, Long.MAX_VALUE,
        Long.MAX_VALUE);

    public PrincipalLimits {
        if (calls < 1 || requestBytes < 1 || pointsPerQuery < 1) {
            throw new IllegalArgumentException("limits must be positive: calls=" + calls + ", request-bytes="
                + requestBytes + ", points=" + pointsPerQuery);
        }
    }

    /** {@code calls=16,request-bytes=16777216,points=100000000}: the form of the grants file and the CLI. */
    public String text() {
        return "calls=" + calls + ",request-bytes=" + requestBytes + ",points=" + pointsPerQuery;
    }

    /**
     * Parses {@link #text()}'s form; keys left out keep {@code base}'s value.
     *
     * @throws IllegalArgumentException naming the bad part
     */
    public static PrincipalLimits parse(String text, PrincipalLimits base) {
        int calls = base.calls;
        long requestBytes = base.requestBytes;
        long points = base.pointsPerQuery;
        for (String part : text.split(",")) {
            String[] keyValue = part.strip().split("=", 2);
            if (keyValue.length != 2) {
                throw new IllegalArgumentException("limit '" + part + "' is not key=value");
            }
            long value;
            try {
                value = Long.parseLong(keyValue[1].strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("limit '" + part + "' needs a whole number");
            }
            switch (keyValue[0].strip()) {
                case "calls" -> calls = (int) Math.min(Integer.MAX_VALUE, value);
                case "request-bytes" -> requestBytes = value;
                case "points" -> points = value;
                default -> throw new IllegalArgumentException("limit '" + keyValue[0] + "' is not one of calls, "
                    + "request-bytes, points");
            }
        }
        return new PrincipalLimits(calls, requestBytes, points);
    }
}
