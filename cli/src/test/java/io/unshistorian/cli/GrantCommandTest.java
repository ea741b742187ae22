package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.unshistorian.embedded.Historian;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code historian grant}: add, list, revoke, limit; every change audited; every mistake one line. */
class GrantCommandTest {
    @TempDir
    Path dir;

    @Test
    void grantsAreManagedAndAuditedFromTheCommandLine() throws Exception {
        Path data = dir.resolve("data");
        Historian.open(data).close();
        String d = data.toString();

        InProcessCli.Result listed = InProcessCli.run("grant", "list", "--data", d);
        assertEquals(0, listed.exit(), listed.err());
        assertTrue(listed.out().contains("not enforced"), listed.out());

        InProcessCli.Result added = InProcessCli.run("grant", "add", "token:mes", "read", "acme/dallas/#", "--data", d);
        assertEquals(0, added.exit(), added.err());
        assertTrue(added.out().contains("now enforced"), added.out());
        assertEquals(0, InProcessCli.run("grant", "add", "role:operators", "admin", "acme/+/line1/#", "--data", d).exit());
        assertEquals(0, InProcessCli.run("grant", "limit", "token:mes", "--calls", "4", "--data", d).exit());
        listed = InProcessCli.run("grant", "list", "--data", d);
        assertTrue(listed.out().contains("read    acme/dallas/#") && listed.out().contains("token:mes")
            && listed.out().contains("limit token:mes: calls=4,"), listed.out());

        InProcessCli.Result revoked = InProcessCli.run("grant", "revoke", "token:mes", "read", "--data", d);
        assertEquals(0, revoked.exit(), revoked.err());
        assertTrue(revoked.out().contains("1 grant(s) revoked"), revoked.out());

        String audit = Files.readString(data.resolve("security/audit.log"));
        assertEquals(4, audit.lines().count(), audit);
        assertTrue(audit.contains("\"event\":\"grant_added\"") && audit.contains("\"event\":\"grant_revoked\"")
            && audit.contains("\"event\":\"limits_set\"") && audit.contains("\"principal\":\"os:"), audit);

        oneLine(InProcessCli.run("grant", "add", "token:mes", "rwx", "acme/#", "--data", d), "not one of read, write, admin");
        oneLine(InProcessCli.run("grant", "add", "token:mes", "read", "acme/#/x", "--data", d), "'#' must be");
        oneLine(InProcessCli.run("grant", "revoke", "token:nobody", "--data", d), "no such grant");
        oneLine(InProcessCli.run("grant", "limit", "token:mes", "--data", d), "say which limit");
        oneLine(InProcessCli.run("grant", "list", "--data", dir.resolve("typo").toString()),
            "no data directory at");
        assertFalse(Files.exists(dir.resolve("typo")), "a mistyped --data creates nothing");
        oneLine(InProcessCli.run("token", "list", "--data", dir.resolve("typo").toString()),
            "no data directory at");
        Files.createDirectories(dir.resolve("not-a-historian"));
        oneLine(InProcessCli.run("token", "create", "x", "--data", dir.resolve("not-a-historian").toString()),
            "is not a historian data directory");
        InProcessCli.Result first = InProcessCli.run("token", "create", "x", "--data", dir.resolve("new").toString());
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.err().contains("created the new data directory"), first.err());
    }

    private static void oneLine(InProcessCli.Result result, String expected) {
        assertEquals(1, result.exit(), result.out() + result.err());
        assertTrue(result.err().contains(expected), result.err());
        assertEquals(1, result.err().strip().lines().count(), "one line:\n" + result.err());
    }
}
