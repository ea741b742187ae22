package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * serve within the confinement the systemd unit sets up, rebuilt with unshare and setpriv (no
 * systemd runs here): every mount read-only but /dev, /proc and /sys (ProtectSystem=strict), the
 * data directory writable (ReadWritePaths), private /tmp and /var/tmp (PrivateTmp), an unprivileged
 * user (User=; nobody here), NoNewPrivileges and UMask=0027. Chronicle Queue maps its WAL files and
 * the JVM writes its perf data to /tmp: this shows that they manage with what the unit allows.
 * Needs root (mount namespaces); skipped, saying so, otherwise.
 */
class ServiceSandboxIT {
    /** $1 the data directory, the rest the command; confines itself, then execs the command. */
    private static final String SANDBOX = String.join("\n",
        "set -euo pipefail",
        "data=\"$1\"; shift",
        "for mount in $(awk '{print $2}' /proc/self/mounts | sort -u); do",
        "  case \"$mount\" in /dev|/dev/*|/proc|/proc/*|/sys|/sys/*) continue ;; esac",
        "  mount -o remount,bind,ro \"$(printf '%b' \"$mount\")\" 2>/dev/null || true",
        "done",
        "mount --bind \"$data\" \"$data\" && mount -o remount,bind,rw \"$data\"",
        "mount -t tmpfs -o mode=1777 tmpfs /tmp && mount -t tmpfs -o mode=1777 tmpfs /var/tmp",
        "if touch \"$(dirname \"$data\")/.writable\" 2>/dev/null; then echo 'sandbox: not read-only' >&2; exit 97; fi",
        "umask 0027",
        "exec setpriv --reuid=nobody --regid=nogroup --clear-groups --no-new-privs -- \"$@\"");

    @Test
    void serveWorksWithinTheUnitsConfinement() throws Exception {
        boolean root = Release.exec(List.of("id", "-u")).strip().equals("0");
        Assumptions.assumeTrue(root, "not root: mount namespaces need it; the unit's confinement was not tried");
        Assumptions.assumeTrue(new ProcessBuilder("unshare", "--mount", "true").start().waitFor() == 0,
            "unshare --mount is not allowed here; the unit's confinement was not tried");
        // Outside /tmp, which the sandbox replaces; readable by nobody.
        Path dir = Files.createTempDirectory(Release.home().getParent(), "sandbox-");
        Path data = Files.createDirectories(dir.resolve("uns-historian"));
        Release.exec(List.of("chmod", "755", dir.toString()));
        // As the unit's StateDirectory= leaves it.
        Release.exec(List.of("chown", "nobody:nogroup", data.toString()));
        Release.exec(List.of("chmod", "700", data.toString()));
        Path config = Release.config(data, dir.resolve("historian.properties"));
        Path csv = Files.writeString(dir.resolve("samples.csv"), "path,timestamp,value\n"
            + "acme/line1/temperature,2026-01-01T00:00:00Z,20.5\nacme/line1/temperature,2026-01-01T00:00:01Z,21.5\n");

        List<String> command = List.of("unshare", "--mount", "--propagation", "private", "bash", "-c", SANDBOX,
            "sandbox", data.toString(), Release.home().resolve("bin/historian").toString(), "serve", "--config",
            config.toString());
        try (Release.Server server = new Release.Server(command)) {
            String imported = Release.historian("import", csv.toString(), "--server", server.address, "--quiet");
            assertTrue(imported.contains("2 samples stored, 0 rejected"), imported);
            String latest = Release.historian("latest", "acme/#", "--server", server.address, "--format", "csv");
            assertTrue(latest.contains("acme/line1/temperature,2026-01-01T00:00:01Z,21.5"), latest);
            server.stop();
            assertTrue(!server.output().contains("WARN") && !server.output().contains("ERROR"), server.output());
        }
        assertEquals("nobody", Release.exec(List.of("stat", "-c", "%U", data.resolve("catalog.log").toString())).strip(),
            "the service user wrote the data");
        String verified = Release.historian("verify", "--data", data.toString());
        assertTrue(verified.contains("everything checks out"), verified);
    }
}
