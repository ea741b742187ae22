package io.unshistorian.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log: one valid JSON object per line whatever the strings hold, owner-only, rotated with a bound. */
class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void linesStayOneValidJsonObjectWhateverTheyHold() throws Exception {
        try (AuditLog log = AuditLog.of(dir)) {
            log.record(new AuditEvent("denied", "cert:CN=\"x\",O=a\\b", "127.0.0.1:5", "a\nb\tc\u0001\u2028",
                "acme/\ud800/é", false, null));
        }
        List<String> lines = Files.readAllLines(dir.resolve("security/audit.log"), StandardCharsets.UTF_8);
        assertEquals(1, lines.size());
        String line = lines.get(0);
        assertTrue(line.contains("\"principal\":\"cert:CN=\\\"x\\\",O=a\\\\b\""), line);
        assertTrue(line.contains("\"action\":\"a\\nb\\tc\\u0001\\u2028\""), line);
        assertTrue(line.contains("\"namespace\":\"acme/\\ud800/é\""), line);
        assertTrue(line.contains("\"allowed\":false") && line.contains("\"detail\":null"), line);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
            dir.resolve("security/audit.log"))));
    }

    @Test
    void rotationKeepsABoundedNumberOfFiles() throws Exception {
        try (AuditLog log = AuditLog.of(dir, 1_000, 3)) {
            for (int i = 0; i < 200; i++) {
                log.record(new AuditEvent("authentication_failed", "anonymous", "10.0.0." + i, "x", null, false,
                    "flood " + i));
            }
        }
        Path security = dir.resolve("security");
        assertTrue(Files.exists(security.resolve("audit.log.3")));
        assertFalse(Files.exists(security.resolve("audit.log.4")));
        assertTrue(Files.size(security.resolve("audit.log")) <= 1_200);
        assertTrue(Files.readString(security.resolve("audit.log")).contains("flood 199"), "the newest is in audit.log");
    }
}
