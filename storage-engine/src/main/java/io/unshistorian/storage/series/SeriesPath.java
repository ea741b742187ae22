package io.unshistorian.storage.series;

import java.nio.charset.StandardCharsets;

/**
 * Rules for a stored UNS path: {@code /}-separated UTF-8 segments such as
 * {@code acme/dallas/packaging/line4/filler/temperature}. A stored path has no empty segment, no
 * MQTT wildcard ({@code +} or {@code #}) and no control character, and stays within
 * {@link #MAX_BYTES} bytes and {@link #MAX_DEPTH} segments.
 */
public final class SeriesPath {
    /** Longest path, in UTF-8 bytes. */
    public static final int MAX_BYTES = 1024;
    /** Most segments in a path. */
    public static final int MAX_DEPTH = 32;

    private SeriesPath() {
    }

    /** Why {@code path} cannot be stored, or {@code null} when it can. */
    public static String problemWith(String path) {
        if (path == null || path.isEmpty()) {
            return "path is empty";
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "path is " + bytes + " bytes long, the limit is " + MAX_BYTES;
        }
        int depth = 1;
        int segmentStart = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/') {
                if (i == segmentStart) {
                    return "empty segment at character " + i;
                }
                depth++;
                segmentStart = i + 1;
            } else if (c == '+' || c == '#') {
                return "wildcard '" + c + "' at character " + i + " (wildcards select series, they cannot name one)";
            } else if (Character.isISOControl(c)) {
                return "control character U+" + String.format("%04X", (int) c) + " at character " + i;
            }
        }
        if (segmentStart == path.length()) {
            return "empty segment at the end";
        }
        if (depth > MAX_DEPTH) {
            return "path has " + depth + " segments, the limit is " + MAX_DEPTH;
        }
        return null;
    }

    /** The segments of a valid path. */
    public static String[] segments(String path) {
        return path.split("/", -1);
    }
}
