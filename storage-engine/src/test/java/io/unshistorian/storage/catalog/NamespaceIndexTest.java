package io.unshistorian.storage.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import io.unshistorian.testkit.SeededRandom;

import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class NamespaceIndexTest {
    private static final String[][] LEVELS = {
        {"acme", "globex"}, {"dallas", "berlin", "osaka"}, {"packaging", "mixing", "utilities"},
        {"line1", "line2", "line3", "line4"}, {"filler", "capper", "labeler"}, {"temperature", "state", "count"},
    };

    /** Naive MQTT matching, the obvious way. */
    static boolean matches(String filter, String path) {
        String[] f = filter.split("/", -1);
        String[] p = path.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= p.length || !(f[i].equals("+") || f[i].equals(p[i]))) {
                return false;
            }
        }
        return f.length == p.length;
    }

    @Test
    void wildcardsMatchLikeTheNaiveDefinition() {
        long seed = SeededRandom.seed("NamespaceIndexTest.wildcardsMatchLikeTheNaiveDefinition");
        SplittableRandom random = SeededRandom.random(seed);
        NamespaceIndex index = new NamespaceIndex();
        Map<Integer, String> paths = new LinkedHashMap<>();
        for (int id = 0; id < 3000; id++) {
            int depth = 1 + random.nextInt(LEVELS.length);
            StringBuilder path = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                path.append(d == 0 ? "" : "/").append(LEVELS[d][random.nextInt(LEVELS[d].length)]);
            }
            if (paths.containsValue(path.toString())) {
                continue;
            }
            paths.put(id, path.toString());
            index.add(id, path.toString());
        }
        List<String> filters = new ArrayList<>(List.of("#", "+", "acme/#", "+/+/+/+/+/+", "acme/+/mixing/#",
            "+/dallas/+/line2/+/temperature", "globex/osaka", "nothing/#", "acme/dallas/packaging/line1/filler/count"));
        for (int i = 0; i < 300; i++) {
            int depth = 1 + random.nextInt(LEVELS.length);
            StringBuilder filter = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                int pick = random.nextInt(LEVELS[d].length + 2);
                String segment = pick == LEVELS[d].length ? "+" : pick > LEVELS[d].length ? "#" : LEVELS[d][pick];
                filter.append(d == 0 ? "" : "/").append(segment);
                if (segment.equals("#")) {
                    break;
                }
            }
            filters.add(filter.toString());
        }
        for (String filter : filters) {
            TreeSet<Integer> expected = new TreeSet<>();
            paths.forEach((id, path) -> {
                if (matches(filter, path)) {
                    expected.add(id);
                }
            });
            RoaringBitmap actual = index.match(filter);
            TreeSet<Integer> got = new TreeSet<>();
            actual.forEach((int id) -> got.add(id));
            assertEquals(expected, got, "filter " + filter + " " + SeededRandom.describe(seed));
        }
    }

    @Test
    void browseListsChildrenInOrder() {
        NamespaceIndex index = new NamespaceIndex();
        index.add(0, "acme/dallas/line1/temp");
        index.add(1, "acme/dallas/line1");
        index.add(2, "acme/berlin/line2/temp");
        assertEquals(List.of(new NamespaceIndex.Child("berlin", -1, true), new NamespaceIndex.Child("dallas", -1, true)),
            index.children("acme"));
        assertEquals(List.of(new NamespaceIndex.Child("line1", 1, true)), index.children("acme/dallas"));
        assertEquals(List.of(new NamespaceIndex.Child("acme", -1, true)), index.children(""));
        assertTrue(index.children("acme/nowhere").isEmpty());
    }

    @Test
    void malformedFiltersAreRefusedClearly() {
        NamespaceIndex index = new NamespaceIndex();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.match("a/#/b")).getMessage()
            .contains("'#' must be a whole level and the last one"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.match("a/b+")).getMessage()
            .contains("'+' must be a whole level"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> index.match("a//b")).getMessage()
            .contains("empty level"));
    }

    @Test
    void oneMillionSeriesMatchExactlyTheNaiveDefinition() {
        NamespaceIndex index = new NamespaceIndex();
        List<String> paths = new ArrayList<>(1_000_000);
        for (int site = 0; site < 10; site++) {
            for (int line = 0; line < 100; line++) {
                for (int tag = 0; tag < 1000; tag++) {
                    String path = "acme/site" + site + "/line" + line + "/tag" + tag;
                    index.add(paths.size(), path);
                    paths.add(path);
                }
            }
        }
        for (String filter : List.of("acme/#", "acme/site3/line42/+", "acme/+/line7/tag9", "acme/site9/line99/tag999",
            "+/+/+/tag0", "acme/site1/#", "acme/site1", "other/#", "acme/+/+/+/+")) {
            RoaringBitmap expected = new RoaringBitmap();
            for (int id = 0; id < paths.size(); id++) {
                if (matches(filter, paths.get(id))) {
                    expected.add(id);
                }
            }
            assertEquals(expected, index.match(filter), "filter " + filter);
        }
    }
}
