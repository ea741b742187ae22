package io.unshistorian.forward;

/**
 * How an edge path is named at the central: a leading part {@code from} (whole segments) replaced by
 * {@code to}, e.g. {@code line1} → {@code acme/dallas/line1}; an empty {@code from} puts {@code to}
 * in front of every path. Paths that do not start with {@code from} are sent as they are.
 */
public record PathRewrite(String from, String to) {
    /** Sends every path as it is. */
    public static final PathRewrite NONE = new PathRewrite("", "");

    public PathRewrite {
        from = trimSlashes(from);
        to = trimSlashes(to);
    }

    /**
     * Parses {@code FROM=TO} (replace a leading part) or {@code PREFIX} (add in front of every path).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static PathRewrite parse(String rule) {
        int equals = rule.indexOf('=');
        PathRewrite parsed = equals < 0 ? new PathRewrite("", rule) : new PathRewrite(rule.substring(0, equals),
            rule.substring(equals + 1));
        if (parsed.to.isEmpty() || parsed.to.contains("+") || parsed.to.contains("#") || parsed.from.contains("+")
            || parsed.from.contains("#")) {
            throw new IllegalArgumentException("'" + rule + "' is not a path rewrite: give PREFIX (added in front of "
                + "every path) or FROM=TO (a leading part replaced), without wildcards");
        }
        return parsed;
    }

    private static String trimSlashes(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) == '/') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '/') {
            end--;
        }
        return text.substring(start, end);
    }

    public String apply(String path) {
        if (to.isEmpty()) {
            return path;
        }
        if (from.isEmpty()) {
            return to + '/' + path;
        }
        if (path.equals(from)) {
            return to;
        }
        if (path.startsWith(from) && path.charAt(from.length()) == '/') {
            return to + path.substring(from.length());
        }
        return path;
    }
}
