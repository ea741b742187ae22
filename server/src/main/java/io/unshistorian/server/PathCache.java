package io.unshistorian.server;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The path strings of a Write stream by their UTF-8 bytes: a stream names the same series batch
 * after batch, so a path is decoded (and checked to be UTF-8) once, and the same {@code String}
 * comes back every time, its hash computed once. Direct-mapped: a colliding path replaces the
 * entry, so memory stays bounded whatever a stream sends.
 */
final class PathCache {
    private static final int ENTRIES = 4096;

    private final byte[][] keys = new byte[ENTRIES][];
    private final String[] paths = new String[ENTRIES];

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
        int slot = (hash ^ hash >>> 16) & (ENTRIES - 1);
        byte[] key = keys[slot];
        if (key != null && Arrays.equals(key, 0, key.length, bytes, offset, offset + length)) {
            return paths[slot];
        }
        if (!ByteString.copyFrom(bytes, offset, length).isValidUtf8()) {
            throw new InvalidProtocolBufferException("Protocol message had invalid UTF-8.");
        }
        String path = new String(bytes, offset, length, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOfRange(bytes, offset, offset + length);
        paths[slot] = path;
        return path;
    }
}
