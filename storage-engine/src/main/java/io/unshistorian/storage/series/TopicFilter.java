package io.unshistorian.storage.series;

/**
 * An MQTT-style filter over series paths: literal levels match themselves, {@code +} matches one
 * level, a final {@code #} matches the rest (including nothing, so {@code a/#} matches {@code a}).
 * A filter without wildcards is an exact path. The namespace index resolves filters against stored
 * series; this class answers for one path (grants, subscriptions).
 */
public final class TopicFilter {
    private final String text;
    private final String[] levels;
    private final boolean multiLevel;

    private TopicFilter(String text, String[] levels) {
        this.text = text;
        this.levels = levels;
        this.multiLevel = levels[levels.length - 1].equals("#");
    }

    /**
     * @throws IllegalArgumentException for a malformed filter, naming the problem
     */
    public static TopicFilter parse(String filter) {
        return new TopicFilter(filter, levels(filter));
    }

    /**
     * The levels of a well-formed filter.
     *
     * @throws IllegalArgumentException for a malformed filter, naming the problem
     */
    public static String[] levels(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("filter is empty");
        }
        String[] segments = filter.split("/", -1);
        if (segments.length > SeriesPath.MAX_DEPTH) {
            throw new IllegalArgumentException("filter has " + segments.length + " levels, the limit is "
                + SeriesPath.MAX_DEPTH);
        }
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("filter '" + filter + "' has an empty level at position " + i);
            }
            if (segment.contains("#") && (!segment.equals("#") || i != segments.length - 1)) {
                throw new IllegalArgumentException("'#' must be a whole level and the last one, in '" + filter + "'");
            }
            if (segment.contains("+") && !segment.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level, in '" + filter + "'");
            }
        }
        return segments;
    }

    /** Whether a filter names one path (no wildcard). */
    public static boolean isExactPath(String filter) {
        return filter.indexOf('+') < 0 && filter.indexOf('#') < 0;
    }

    /** Whether {@code path} (a valid series path) matches. */
    public boolean matches(String path) {
        int level = 0;
        int start = 0;
        while (true) {
            if (level == levels.length) {
                return false;   // the path is deeper than the filter
            }
            String want = levels[level];
            if (multiLevel && level == levels.length - 1) {
                return true;
            }
            int end = path.indexOf('/', start);
            int stop = end < 0 ? path.length() : end;
            if (!want.equals("+") && !path.regionMatches(start, want, 0, want.length())
                || !want.equals("+") && want.length() != stop - start) {
                return false;
            }
            level++;
            if (end < 0) {
                // the path ends here: matched if the filter ends too, or only a '#' is left
                return level == levels.length || multiLevel && level == levels.length - 1;
            }
            start = end + 1;
        }
    }

    /**
     * Whether every path below {@code prefix} (and {@code prefix} itself) matches: the filter is
     * {@code #} or a literal/{@code +} prefix of {@code prefix}'s levels followed by {@code #}.
     */
    public boolean coversSubtree(String prefix) {
        if (!multiLevel) {
            return false;
        }
        if (levels.length == 1) {
            return true;
        }
        String[] path = prefix.isEmpty() ? new String[0] : SeriesPath.segments(prefix);
        if (path.length < levels.length - 1) {
            return false;
        }
        for (int i = 0; i < levels.length - 1; i++) {
            if (!levels[i].equals("+") && !levels[i].equals(path[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
