package io.unshistorian.ingest.csv;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What each column of a CSV file holds, read from its header line. Long layout: one sample per row
 * in a path, a time, a value and optionally a quality column (other columns ignored). Wide layout:
 * a time column and one column per tag, whose path is the prefix and its name, or the mapping's.
 */
final class CsvLayout {
    static final int IGNORED = -1;
    static final int PATH = -2;
    static final int TIME = -3;
    static final int VALUE = -4;
    static final int QUALITY = -5;

    private static final Set<String> PATH_NAMES = Set.of("path", "topic", "tag", "series", "name");
    private static final Set<String> TIME_NAMES = Set.of("time", "timestamp", "datetime", "date", "ts", "_time");
    private static final Set<String> VALUE_NAMES = Set.of("value", "val", "_value");
    private static final Set<String> QUALITY_NAMES = Set.of("quality", "q", "status");
    static final String LONG_HEADER = "path,timestamp_ms,value (columns path|topic|tag, timestamp_ms|timestamp_s|"
        + "timestamp_us|timestamp_ns|timestamp|time, value, and optionally quality)";

    /** Per column: a role above, or (wide layout) the id of the column's series. */
    final int[] roles;
    final boolean wide;
    final String[] names;
    final int timeIndex;
    final List<String> ignored = new ArrayList<>();
    private int requiredFields;

    private CsvLayout(int[] roles, boolean wide, String[] names, int timeIndex) {
        this.roles = roles;
        this.wide = wide;
        this.names = names;
        this.timeIndex = timeIndex;
    }

    /**
     * @param paths receives the series of a wide file's columns
     * @throws CsvFormatException (line 1) for a header that fits neither layout
     */
    static CsvLayout of(String source, List<String> header, CsvImportOptions options, SeriesPaths paths) {
        String[] names = header.stream().map(String::trim).toArray(String[]::new);
        boolean wide = switch (options.layout()) {
            case LONG -> false;
            case WIDE -> true;
            case AUTO -> indexOf(names, PATH_NAMES) < 0;
        };
        int time = timeColumn(source, names, options, wide);
        int[] roles = new int[names.length];
        java.util.Arrays.fill(roles, IGNORED);
        roles[time] = TIME;
        CsvLayout layout = new CsvLayout(roles, wide, names, time);
        if (wide) {
            layout.mapTagColumns(source, options, paths);
        } else {
            layout.findLongColumns(source);
        }
        return layout;
    }

    private static int timeColumn(String source, String[] names, CsvImportOptions options, boolean wide) {
        if (options.timeColumn() != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(options.timeColumn())) {
                    return i;
                }
            }
            throw new CsvFormatException(source, 1, "no column named '" + options.timeColumn() + "' (--time-column) in "
                + "the header '" + String.join(",", names) + "'");
        }
        for (int i = 0; i < names.length; i++) {
            if (isTimeName(names[i])) {
                return i;
            }
        }
        if (wide && names.length > 1) {
            return 0;
        }
        throw new CsvFormatException(source, 1, "no time column in the header '" + String.join(",", names)
            + "'; expected " + LONG_HEADER + ", or a wide file (time column first, one column per tag) with "
            + "--layout wide");
    }

    private static boolean isTimeName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String unit = TimeColumn.unitSuffix(lower);
        String stem = unit == null ? lower : lower.substring(0, lower.length() - unit.length() - 1);
        return TIME_NAMES.contains(stem);
    }

    private void findLongColumns(String source) {
        for (int i = 0; i < names.length; i++) {
            String lower = names[i].toLowerCase(Locale.ROOT);
            if (roles[i] != IGNORED) {
                continue;
            }
            int role = PATH_NAMES.contains(lower) ? PATH : VALUE_NAMES.contains(lower) ? VALUE
                : QUALITY_NAMES.contains(lower) ? QUALITY : IGNORED;
            if (role != IGNORED && indexOfRole(role) >= 0) {
                throw new CsvFormatException(source, 1, "two " + roleName(role) + " columns in the header '"
                    + String.join(",", names) + "'");
            }
            roles[i] = role;
            if (role == IGNORED) {
                ignored.add(names[i]);
            }
        }
        for (int role : new int[] {PATH, VALUE}) {
            if (indexOfRole(role) < 0) {
                throw new CsvFormatException(source, 1, "no " + roleName(role) + " column in the header '"
                    + String.join(",", names) + "'; expected " + LONG_HEADER);
            }
        }
    }

    private void mapTagColumns(String source, CsvImportOptions options, SeriesPaths paths) {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            if (i == timeIndex) {
                continue;
            }
            String path = options.mapping().isEmpty() ? options.prefix() + names[i] : options.mapping().get(names[i]);
            if (path == null) {
                ignored.add(names[i]);
                continue;
            }
            String earlier = seen.put(path, names[i]);
            if (earlier != null) {
                throw new CsvFormatException(source, 1, "columns '" + earlier + "' and '" + names[i]
                    + "' both make the path '" + path + "'");
            }
            int id = paths.id(path);
            if (paths.problem(id) != null) {
                throw new CsvFormatException(source, 1, "column '" + names[i] + "' (column " + (i + 1)
                    + ") makes the path '" + path + "': " + paths.problem(id) + "; give it a path with --mapping");
            }
            roles[i] = id;
        }
        if (seen.isEmpty()) {
            throw new CsvFormatException(source, 1, options.mapping().isEmpty() ? "no tag columns beside the time column"
                : "none of the mapping's columns is in the header '" + String.join(",", names) + "'");
        }
    }

    int indexOfRole(int role) {
        for (int i = 0; i < roles.length; i++) {
            if (roles[i] == role) {
                return i;
            }
        }
        return -1;
    }

    /** Columns a data row must have at least. */
    int requiredFields() {
        if (requiredFields == 0) {
            requiredFields = wide ? timeIndex + 1 : Math.max(Math.max(indexOfRole(PATH), indexOfRole(VALUE)), timeIndex) + 1;
        }
        return requiredFields;
    }

    /** Tag columns of a wide file. */
    int tagColumns() {
        int tags = 0;
        for (int role : roles) {
            tags += role >= 0 ? 1 : 0;
        }
        return tags;
    }

    private static int indexOf(String[] names, Set<String> wanted) {
        for (int i = 0; i < names.length; i++) {
            if (wanted.contains(names[i].toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        return -1;
    }

    private static String roleName(int role) {
        return switch (role) {
            case PATH -> "path";
            case VALUE -> "value";
            case QUALITY -> "quality";
            default -> "time";
        };
    }
}
