package io.unshistorian.compression.chunk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The distinct strings of a STRING column, in first-seen order; samples refer to them by index.
 * Machine states take a handful of values, so a chunk stores each once.
 */
public final class StringDictionary {
    private final List<String> entries = new ArrayList<>();
    private final Map<String, Integer> indexes = new HashMap<>();

    /** The index of {@code value}, adding it when new. */
    public int indexOf(String value) {
        Integer index = indexes.get(value);
        if (index != null) {
            return index;
        }
        int added = entries.size();
        entries.add(value);
        indexes.put(value, added);
        return added;
    }

    public String get(int index) {
        return entries.get(index);
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
        indexes.clear();
    }
}
