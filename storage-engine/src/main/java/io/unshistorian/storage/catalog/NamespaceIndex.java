package io.unshistorian.storage.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.unshistorian.storage.series.SeriesPath;
import io.unshistorian.storage.series.TopicFilter;

import org.roaringbitmap.RoaringBitmap;

/**
 * Answers which series match an exact path or an MQTT-style filter, and what lies below a node,
 * without scanning the catalog. For every (depth, segment) it keeps a RoaringBitmap of the series
 * ids whose path has that segment at that depth, and per path length a bitmap of the series with
 * that many segments; a filter is the AND of the bitmaps of its literal segments with the bitmap of
 * the lengths it allows. Browsing walks a tree of path nodes. Thread-safe.
 */
public final class NamespaceIndex {
    private final List<Map<String, RoaringBitmap>> bySegment = new ArrayList<>();
    private final RoaringBitmap[] byLength = new RoaringBitmap[SeriesPath.MAX_DEPTH + 1];
    private final Node root = new Node();

    /** A node of the namespace tree: a path prefix, possibly a series itself, possibly with children. */
    private static final class Node {
        private Map<String, Node> children;
        private int seriesId = -1;

        Node child(String segment) {
            if (children == null) {
                children = new HashMap<>(4);
            }
            return children.computeIfAbsent(segment, s -> new Node());
        }
    }

    /** One entry of a browse: a child segment, the series it is (or -1), and whether it has children. */
    public record Child(String segment, int seriesId, boolean hasChildren) {
    }

    public NamespaceIndex() {
        for (int i = 0; i < byLength.length; i++) {
            byLength[i] = new RoaringBitmap();
        }
    }

    public synchronized void add(int seriesId, String path) {
        String[] segments = SeriesPath.segments(path);
        Node node = root;
        for (int depth = 0; depth < segments.length; depth++) {
            while (bySegment.size() <= depth) {
                bySegment.add(new HashMap<>());
            }
            bySegment.get(depth).computeIfAbsent(segments[depth], s -> new RoaringBitmap()).add(seriesId);
            node = node.child(segments[depth]);
        }
        node.seriesId = seriesId;
        byLength[segments.length].add(seriesId);
    }

    /**
     * Series ids matching an MQTT filter: literal segments match themselves, {@code +} matches one
     * segment, a final {@code #} matches the rest (including nothing, so {@code a/#} matches
     * {@code a}). A filter without wildcards is an exact path.
     *
     * @throws IllegalArgumentException for a malformed filter, naming the problem
     */
    public synchronized RoaringBitmap match(String filter) {
        String[] segments = TopicFilter.levels(filter);
        boolean multiLevel = segments[segments.length - 1].equals("#");
        int fixed = multiLevel ? segments.length - 1 : segments.length;
        RoaringBitmap result = multiLevel ? lengthsFrom(Math.max(fixed, 1)) : byLength[fixed].clone();
        for (int depth = 0; depth < fixed && !result.isEmpty(); depth++) {
            if (segments[depth].equals("+")) {
                continue;
            }
            RoaringBitmap withSegment = depth < bySegment.size() ? bySegment.get(depth).get(segments[depth]) : null;
            if (withSegment == null) {
                return new RoaringBitmap();
            }
            result.and(withSegment);
        }
        return result;
    }

    private RoaringBitmap lengthsFrom(int minimum) {
        RoaringBitmap union = new RoaringBitmap();
        for (int length = minimum; length < byLength.length; length++) {
            union.or(byLength[length]);
        }
        return union;
    }

    /**
     * The children of the node at {@code path} (the root when empty), in segment order; empty when
     * nothing is stored below it.
     */
    public synchronized List<Child> children(String path) {
        Node node = root;
        if (path != null && !path.isEmpty()) {
            for (String segment : SeriesPath.segments(path)) {
                node = node.children == null ? null : node.children.get(segment);
                if (node == null) {
                    return List.of();
                }
            }
        }
        if (node.children == null) {
            return List.of();
        }
        List<Child> result = new ArrayList<>(node.children.size());
        for (Map.Entry<String, Node> entry : new TreeMap<>(node.children).entrySet()) {
            Node child = entry.getValue();
            result.add(new Child(entry.getKey(), child.seriesId, child.children != null && !child.children.isEmpty()));
        }
        return result;
    }
}
