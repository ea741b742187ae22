package io.unshistorian.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;

import org.junit.jupiter.api.Test;

class PathCacheTest {
    @Test
    void everyPathComesBackEqualAndTheSameObjectWhileCached() throws InvalidProtocolBufferException {
        PathCache cache = new PathCache();
        Map<String, String> first = new HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int s = 0; s < 20_000; s++) {
                String path = "acme/site" + (s % 7) + "/line" + s + "/ü";
                byte[] bytes = ("xx" + path + "yy").getBytes(StandardCharsets.UTF_8);
                String got = cache.path(bytes, 2, bytes.length - 4);
                assertEquals(path, got);
                if (round > 0) {
                    assertSame(first.get(path), got, "decoded once, then the same string");
                }
                first.putIfAbsent(path, got);
            }
        }
    }

    @Test
    void beyondItsBoundItStartsAgainAndStillAnswersRight() throws InvalidProtocolBufferException {
        PathCache cache = new PathCache();
        for (int s = 0; s < PathCache.MAX_ENTRIES * 3; s++) {
            byte[] bytes = ("p/" + s).getBytes(StandardCharsets.UTF_8);
            assertEquals("p/" + s, cache.path(bytes, 0, bytes.length));
        }
        byte[] again = "p/5".getBytes(StandardCharsets.UTF_8);
        assertEquals("p/5", cache.path(again, 0, again.length));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        PathCache cache = new PathCache();
        byte[] bad = {'a', (byte) 0xC3};
        assertThrows(InvalidProtocolBufferException.class, () -> cache.path(bad, 0, bad.length));
    }
}
