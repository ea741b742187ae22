package io.unshistorian.export;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an export (an Arrow Flight ticket or {@code historian export}) reads: a selection, a range,
 * an operator and a layout. Its text form, carried in Flight tickets and command descriptors, is
 * one {@code key=value} per line:
 * <pre>
 *   kind=raw|aggregate|interpolate|plot     (default raw)
 *   filter=acme/dallas/#                    (one line per path or filter; at least one)
 *   start=&lt;epoch ns&gt;  end=&lt;epoch ns&gt;
 *   layout=long|wide                        (wide: aggregate or interpolate only)
 *   step=&lt;ns&gt;                              (bucket width or interpolation interval)
 *   function=avg|min|max|sum|count|first|last|twa   (wide aggregate column; default avg)
 *   method=previous|linear  quality=good|all
 *   fill=omit|null|previous|linear          (buckets or points without a sample; default: omit for
 *                                            aggregate, null for interpolate)
 *   pixels=&lt;n&gt;                             (plot)
 * </pre>
 */
public record ExportQuery(String kind, List<String> filters, long start, long end, String layout, long step,
                          String function, String method, String fill, String quality, int pixels) {
    public ExportQuery {
        filters = List.copyOf(filters);
        if (filters.isEmpty()) {
            throw new IllegalArgumentException("an export needs at least one filter=PATH_OR_FILTER");
        }
        if (start >= end) {
            throw new IllegalArgumentException("empty range: start " + start + " >= end " + end);
        }
        if (!List.of("raw", "aggregate", "interpolate", "plot").contains(kind)) {
            throw new IllegalArgumentException("kind must be raw, aggregate, interpolate or plot, got '" + kind + "'");
        }
        if (!List.of("long", "wide").contains(layout)) {
            throw new IllegalArgumentException("layout must be long or wide, got '" + layout + "'");
        }
        if (layout.equals("wide") && !(kind.equals("aggregate") || kind.equals("interpolate"))) {
            throw new IllegalArgumentException("the wide layout needs a regular grid: kind aggregate or interpolate");
        }
        if ((kind.equals("aggregate") || kind.equals("interpolate")) && step <= 0) {
            throw new IllegalArgumentException(kind + " needs step=<ns> > 0");
        }
        if (!List.of("omit", "null", "previous", "linear").contains(fill)) {
            throw new IllegalArgumentException("fill must be omit, null, previous or linear, got '" + fill + "'");
        }
        if (kind.equals("plot") && pixels < 1) {
            throw new IllegalArgumentException("plot needs pixels=<n> >= 1");
        }
    }

    public static ExportQuery raw(long start, long end, String... filters) {
        return new ExportQuery("raw", List.of(filters), start, end, "long", 0, "avg", "previous", "null", "good", 0);
    }

    public ExportQuery with(String key, String value) {
        Map<String, List<String>> fields = fields();
        fields.put(key, List.of(value));
        return fromFields(fields);
    }

    /** Parses the text form; every problem is an IllegalArgumentException naming it. */
    public static ExportQuery parse(byte[] bytes) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("export query line '" + line + "' is not key=value");
            }
            fields.computeIfAbsent(line.substring(0, eq).trim(), k -> new ArrayList<>()).add(line.substring(eq + 1).trim());
        }
        return fromFields(fields);
    }

    private static ExportQuery fromFields(Map<String, List<String>> fields) {
        String kind = one(fields, "kind", "raw");
        return new ExportQuery(kind, fields.getOrDefault("filter", List.of()),
            number(fields, "start", Long.MIN_VALUE + 1), number(fields, "end", Long.MAX_VALUE),
            one(fields, "layout", "long"), number(fields, "step", 0), one(fields, "function", "avg"),
            one(fields, "method", "previous"), one(fields, "fill", defaultFill(kind)), one(fields, "quality", "good"),
            (int) number(fields, "pixels", 0));
    }

    /** As {@code historian query}: empty buckets are left out, interpolation reports null points. */
    public static String defaultFill(String kind) {
        return kind.equals("aggregate") ? "omit" : "null";
    }

    private static String one(Map<String, List<String>> fields, String key, String fallback) {
        List<String> values = fields.get(key);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    private static long number(Map<String, List<String>> fields, String key, long fallback) {
        String value = one(fields, key, null);
        try {
            return value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
        }
    }

    private Map<String, List<String>> fields() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("kind", List.of(kind));
        fields.put("filter", filters);
        fields.put("start", List.of(Long.toString(start)));
        fields.put("end", List.of(Long.toString(end)));
        fields.put("layout", List.of(layout));
        fields.put("step", List.of(Long.toString(step)));
        fields.put("function", List.of(function));
        fields.put("method", List.of(method));
        fields.put("fill", List.of(fill));
        fields.put("quality", List.of(quality));
        fields.put("pixels", List.of(Integer.toString(pixels)));
        return fields;
    }

    public byte[] toBytes() {
        StringBuilder text = new StringBuilder();
        fields().forEach((key, values) -> values.forEach(v -> text.append(key).append('=').append(v).append('\n')));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
