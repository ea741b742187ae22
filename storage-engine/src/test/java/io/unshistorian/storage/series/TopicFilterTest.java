package io.unshistorian.storage.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.unshistorian.storage.catalog.NamespaceIndex;

import org.junit.jupiter.api.Test;

/**
 * {@link TopicFilter#matches} (one path: grants) against the namespace index (every stored path:
 * queries) and a naive level-by-level reference, on random paths and filters; and {@link
 * TopicFilter#coversSubtree} against brute force.
 */
class TopicFilterTest {
    private static final String[] SEGMENTS = {"a", "b", "ab", "c", "+x", "é", "a b"};

    @Test
    void examples() {
        assertTrue(TopicFilter.parse("acme/#").matches("acme"));
        assertTrue(TopicFilter.parse("acme/#").matches("acme/dallas/x"));
        assertFalse(TopicFilter.parse("acme/#").matches("acmeX/dallas"));
        assertTrue(TopicFilter.parse("+/dallas/+").matches("acme/dallas/x"));
        assertFalse(TopicFilter.parse("+/dallas/+").matches("acme/dallas/x/y"));
        assertFalse(TopicFilter.parse("acme/dallas").matches("acme/dallas/x"));
        assertFalse(TopicFilter.parse("acme/dallas").matches("acme/dall"));
        assertTrue(TopicFilter.parse("#").matches("x"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/#/b"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a/b+"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse("a//b"));
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse(""));
    }

    @Test
    void matchesAgreesWithTheIndexAndANaiveReference() {
        Random random = new Random(20261126L);
        for (int round = 0; round < 200; round++) {
            NamespaceIndex index = new NamespaceIndex();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String path = randomPath(random, false);
                if (SeriesPath.problemWith(path) == null && !paths.contains(path)) {
                    index.add(paths.size(), path);
                    paths.add(path);
                }
            }
            for (int f = 0; f < 30; f++) {
                String filter = randomPath(random, true);
                TopicFilter parsed;
                try {
                    parsed = TopicFilter.parse(filter);
                } catch (IllegalArgumentException malformed) {
                    continue;
                }
                var matched = index.match(filter);
                for (int id = 0; id < paths.size(); id++) {
                    String path = paths.get(id);
                    boolean expected = naive(filter, path);
                    assertEquals(expected, parsed.matches(path), filter + " vs " + path);
                    assertEquals(expected, matched.contains(id), "index: " + filter + " vs " + path);
                }
                String prefix = paths.isEmpty() ? "" : paths.get(random.nextInt(paths.size()));
                if (parsed.coversSubtree(prefix)) {
                    for (String path : paths) {
                        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                            assertTrue(parsed.matches(path), filter + " covers " + prefix + " but not " + path);
                        }
                    }
                }
            }
        }
    }

    private static String randomPath(Random random, boolean filter) {
        int levels = 1 + random.nextInt(4);
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                path.append('/');
            }
            int pick = random.nextInt(filter ? SEGMENTS.length + 3 : SEGMENTS.length);
            path.append(pick < SEGMENTS.length ? SEGMENTS[pick] : pick == SEGMENTS.length ? "+" : "#");
        }
        return path.toString();
    }

    /** MQTT matching, level by level, straight from the specification's wording. */
    private static boolean naive(String filter, String path) {
        String[] f = filter.split("/", -1);
        String[] p = path.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= p.length || !f[i].equals("+") && !f[i].equals(p[i])) {
                return false;
            }
        }
        return f.length == p.length;
    }
}
