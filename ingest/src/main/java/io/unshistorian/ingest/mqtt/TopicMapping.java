package io.unshistorian.ingest.mqtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.unshistorian.storage.series.SeriesPath;

/**
 * Turns an MQTT topic into a series path. Rules, tried in order:
 * <ul>
 *   <li>{@code ignore} filters (MQTT filters: {@code +} one level, {@code #} the rest): a matching
 *       topic is not stored (by default {@code $SYS/#} and, when the Sparkplug host runs, {@code
 *       spBv1.0/#});</li>
 *   <li>{@code rewrite} rules {@code FILTER=TEMPLATE}: the first whose filter matches gives the path,
 *       the template naming the levels the filter's wildcards matched — {@code {1}}, {@code {2}}, …
 *       for each {@code +} in order, {@code {#}} for what {@code #} matched — and {@code {topic}}
 *       for the whole topic; e.g. {@code plant1/#={#}} strips a prefix, {@code +/+/#=acme/{2}/{#}}
 *       replaces the first level and keeps the second;</li>
 *   <li>otherwise the path is the topic itself.</li>
 * </ul>
 * A result that is not a valid path (empty level, wildcard, control character, too long) is
 * refused as {@link Reason#UNMAPPABLE_TOPIC}. Results are cached per topic (bounded). Not
 * thread-safe: one ingest thread uses it.
 */
public final class TopicMapping {
    private static final int CACHE_LIMIT = 200_000;
    private static final String IGNORED = "\u0000ignored";

    private final List<String[]> ignore = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private final Map<String, String> cache = new HashMap<>();

    private record Rule(String[] filter, String template) {
    }

    /**
     * @param ignoreFilters MQTT filters of topics not to store
     * @param rewriteRules  {@code FILTER=TEMPLATE} rules, first match wins
     * @throws IllegalArgumentException for a malformed filter or rule, naming it
     */
    public TopicMapping(List<String> ignoreFilters, List<String> rewriteRules) {
        for (String filter : ignoreFilters) {
            ignore.add(checkFilter(filter));
        }
        for (String rule : rewriteRules) {
            int equals = rule.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("mapping rule '" + rule + "' is not FILTER=TEMPLATE");
            }
            String[] filter = checkFilter(rule.substring(0, equals).trim());
            String template = rule.substring(equals + 1).trim();
            int pluses = 0;
            for (String level : filter) {
                pluses += level.equals("+") ? 1 : 0;
            }
            for (int i = template.indexOf('{'); i >= 0; i = template.indexOf('{', i + 1)) {
                int close = template.indexOf('}', i);
                String name = close < 0 ? "" : template.substring(i + 1, close);
                boolean known = name.equals("#") && filter[filter.length - 1].equals("#") || name.equals("topic")
                    || name.matches("[1-9][0-9]*") && Integer.parseInt(name) <= pluses;
                if (!known) {
                    throw new IllegalArgumentException("mapping rule '" + rule + "' uses {" + name + "}, which its "
                        + "filter does not capture (it has " + pluses + " '+' level(s)"
                        + (filter[filter.length - 1].equals("#") ? " and a '#'" : "") + ")");
                }
            }
            rules.add(new Rule(filter, template));
        }
    }

    private static String[] checkFilter(String filter) {
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            boolean wildcard = level.equals("+") || level.equals("#") && i == levels.length - 1;
            if (!wildcard && (level.contains("+") || level.contains("#"))) {
                throw new IllegalArgumentException("topic filter '" + filter + "': '+' and '#' must be whole levels, "
                    + "'#' the last");
            }
        }
        return levels;
    }

    /**
     * The series path of {@code topic}, or null when an ignore filter matches it.
     *
     * @throws BadMessageException ({@link Reason#UNMAPPABLE_TOPIC}) when the result is not a valid path
     */
    public String pathOf(String topic) throws BadMessageException {
        String cached = cache.get(topic);
        if (cached == null) {
            cached = map(topic);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(topic, cached);
        }
        if (cached == IGNORED) {
            return null;
        }
        if (cached.startsWith("\u0000")) {
            throw new BadMessageException(Reason.UNMAPPABLE_TOPIC, cached.substring(1));
        }
        return cached;
    }

    private String map(String topic) {
        String[] levels = topic.split("/", -1);
        for (String[] filter : ignore) {
            if (matches(filter, levels) != null) {
                return IGNORED;
            }
        }
        String path = topic;
        for (Rule rule : rules) {
            List<String> captured = matches(rule.filter(), levels);
            if (captured != null) {
                path = expand(rule.template(), captured, topic);
                break;
            }
        }
        String problem = SeriesPath.problemWith(path);
        return problem == null ? path : "\u0000topic '" + topic + "' maps to '" + path + "': " + problem;
    }

    /** The levels the filter's wildcards matched ('+' ones in order, then '#' as one string), or null. */
    static List<String> matches(String[] filter, String[] topic) {
        List<String> captured = new ArrayList<>();
        for (int i = 0; i < filter.length; i++) {
            if (filter[i].equals("#")) {
                captured.add(i < topic.length ? String.join("/", java.util.Arrays.asList(topic).subList(i, topic.length))
                    : "");
                return captured;
            }
            if (i >= topic.length) {
                return null;
            }
            if (filter[i].equals("+")) {
                captured.add(topic[i]);
            } else if (!filter[i].equals(topic[i])) {
                return null;
            }
        }
        return filter.length == topic.length ? captured : null;
    }

    private static String expand(String template, List<String> captured, String topic) {
        StringBuilder path = new StringBuilder();
        int at = 0;
        while (at < template.length()) {
            int open = template.indexOf('{', at);
            if (open < 0) {
                path.append(template, at, template.length());
                break;
            }
            int close = template.indexOf('}', open);
            path.append(template, at, open);
            String name = template.substring(open + 1, close);
            if (name.equals("#")) {
                path.append(captured.get(captured.size() - 1));
            } else if (name.equals("topic")) {
                path.append(topic);
            } else {
                path.append(captured.get(Integer.parseInt(name) - 1));
            }
            at = close + 1;
        }
        // A '#' that matched nothing leaves "a/" or "//": drop the empty levels it made.
        return path.toString().replaceAll("/{2,}", "/").replaceAll("^/|/$", "");
    }
}
