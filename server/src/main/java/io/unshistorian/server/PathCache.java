package io.unshistorian.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The path strings of a Write stream by their UTF-8 bytes: a stream names the same series batch
 * after batch, so a path is decoded (and checked to be UTF-8) once, and the same {@code String}
 * comes back every time, its hash computed once. An open-addressing table that doubles up to
 * {@link #MAX_ENTRIES} paths and then starts again empty, so memory stays bounded whatever a
 * stream sends.
 */
final class PathCache {
    private static final int INITIAL_SLOTS = 1024;
    static final int MAX_ENTRIES = 1 << 15;

    private byte[][] keys = new byte[INITIAL_SLOTS][];
    private String[] paths = new String[INITIAL_SLOTS];
    private int[] hashes = new int[INITIAL_SLOTS];
    private int entries;

    /**
     * The path in {@code bytes[offset, offset + length)}.
     *
     * @throws InvalidProtocolBufferException when the bytes are not UTF-8
     */
    String path(byte[] bytes, int offset, int length) throws InvalidProtocolBufferException {
        int hash = 1;
        for (int i = offset; i < offset + length; i++) {
            hash = 31 * hash + bytes[i];
        }
        int mask = keys.length - 1;
        int slot = mix(hash) & mask;
        for (byte[] key = keys[slot]; key != null; key = keys[slot = (slot + 1) & mask]) {
            if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
                return paths[slot];
            }
        }
        if (!ByteString.copyFrom(bytes, offset, length).isValidUtf8()) {
            throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
        }
        String path = new String(bytes, offset, length, StandardCharsets.UTF_8);
        add(Arrays.copyOfRange(bytes, offset, offset + length), hash, path);
        return path;
    }

    private static int mix(int hash) {
        return hash ^ hash >>> 16;
    }

    private void add(byte[] key, int hash, String path) {
        if (entries == MAX_ENTRIES) {
            keys = new byte[INITIAL_SLOTS][];
            paths = new String[INITIAL_SLOTS];
            hashes = new int[INITIAL_SLOTS];
            entries = 0;
        } else if (entries * 2 >= keys.length) {
            grow();
        }
        insert(key, hash, path);
        entries++;
    }

    private void grow() {
        byte[][] oldKeys = keys;
        String[] oldPaths = paths;
        int[] oldHashes = hashes;
        keys = new byte[oldKeys.length * 2][];
        paths = new String[oldKeys.length * 2];
        hashes = new int[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                insert(oldKeys[i], oldHashes[i], oldPaths[i]);
            }
        }
    }

    private void insert(byte[] key, int hash, String path) {
        int mask = keys.length - 1;
        int slot = mix(hash) & mask;
        while (keys[slot] != null) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        hashes[slot] = hash;
        paths[slot] = path;
    }
}
