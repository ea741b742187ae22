package io.unshistorian.ingest.csv;

import java.util.Arrays;

import io.unshistorian.storage.series.SeriesPath;

/**
 * The distinct paths of an import, each given a small id the first time it is seen, checked once
 * against the path rules. Looks a path up from the parser's character buffer without making a
 * String for it, so a file of millions of rows over a few thousand series allocates a few thousand
 * Strings. Ids only grow; {@link #table()} hands the ids given so far to another thread. Not thread-safe: the parser thread owns it.
 */
final class SeriesPaths {
    private String[] paths = new String[64];
    private char[][] chars = new char[64][];
    private int[] hashes = new int[64];
    private String[] problems = new String[64];
    private int[] slots = new int[256];   // open addressing: id + 1, 0 when empty
    private int count;
    private int lastId = -1;

    /** The id of the path in {@code buf[offset, offset + length)}, adding it when new. */
    int id(char[] buf, int offset, int length) {
        if (lastId >= 0 && matches(lastId, buf, offset, length)) {
            return lastId;   // files sorted by path repeat the same one row after row
        }
        int hash = hash(buf, offset, length);
        int mask = slots.length - 1;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                lastId = add(buf, offset, length, hash, slot);
                return lastId;
            }
            if (hashes[entry - 1] == hash && matches(entry - 1, buf, offset, length)) {
                lastId = entry - 1;
                return lastId;
            }
        }
    }

    /** The id of {@code path}, adding it when new. */
    int id(String path) {
        char[] chars = path.toCharArray();
        return id(chars, 0, chars.length);
    }

    /** Why the path with this id cannot be stored, or null when it can. */
    String problem(int id) {
        return problems[id];
    }

    String path(int id) {
        return paths[id];
    }

    int count() {
        return count;
    }

    /**
     * The table of paths by id, without a copy: the entries of the ids given so far never change
     * (growth copies into a new array), so another thread may read those once it is handed over.
     */
    String[] table() {
        return paths;
    }

    private int add(char[] buf, int offset, int length, int hash, int slot) {
        if (count == paths.length) {
            paths = Arrays.copyOf(paths, count * 2);
            chars = Arrays.copyOf(chars, count * 2);
            hashes = Arrays.copyOf(hashes, count * 2);
            problems = Arrays.copyOf(problems, count * 2);
        }
        int id = count++;
        chars[id] = Arrays.copyOfRange(buf, offset, offset + length);
        paths[id] = new String(chars[id]);
        hashes[id] = hash;
        problems[id] = SeriesPath.problemWith(paths[id]);
        slots[slot] = id + 1;
        if (count * 2 > slots.length) {
            rehash();
        }
        return id;
    }

    private void rehash() {
        slots = new int[slots.length * 2];
        int mask = slots.length - 1;
        for (int id = 0; id < count; id++) {
            int slot = hashes[id] & mask;
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = id + 1;
        }
    }

    /** A polynomial hash, its bits mixed so that similar paths spread over the table. */
    private static int hash(char[] buf, int offset, int length) {
        int h = 0;
        int i = offset;
        for (int end = offset + length - 1; i < end; i += 2) {   // two characters a step: half the multiply chain
            h = 961 * h + 31 * buf[i] + buf[i + 1];
        }
        if (i < offset + length) {
            h = 31 * h + buf[i];
        }
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private boolean matches(int id, char[] buf, int offset, int length) {
        char[] path = chars[id];
        return path.length == length && Arrays.equals(path, 0, length, buf, offset, offset + length);
    }
}
