package io.unshistorian.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code serve --config} file: a key serve does not read is refused (it used to be ignored
 * silently, its default left in place), and every key the docs name is read.
 */
class ServeConfigTest {
    @TempDir
    Path dir;

    private InProcessCli.Result serve(String config) throws IOException {
        Path file = Files.writeString(dir.resolve("historian.properties"), config);
        return InProcessCli.run("serve", "--config", file.toString(), "--data", dir.resolve("data").toString(),
            "--port", "0", "--flight-port", "-1", "--http-port", "-1");
    }

    @Test
    @Timeout(60)   // serve runs in this thread: were the setting accepted, it would serve until stopped
    void anUnknownKeyIsRefusedWithTheLikelyIntendedOne() throws IOException {
        InProcessCli.Result typo = serve("prot = 4800\nfsync = NONE\n");
        assertEquals(1, typo.exit(), typo.out());
        assertEquals(1, typo.err().strip().lines().count(), typo.err());
        assertTrue(typo.err().startsWith("historian serve: unknown key 'prot' in "
            + dir.resolve("historian.properties") + " (did you mean 'port'?); the keys are data, host, port"),
            typo.err());
        assertTrue(typo.err().contains("docs/mqtt.md"), typo.err());
        InProcessCli.Result mqtt = serve("mqtt.subcribe = acme/#\n");
        assertTrue(mqtt.err().contains("did you mean 'mqtt.subscribe'?"), mqtt.err());
        InProcessCli.Result nothingLike = serve("colour = blue\n");
        assertTrue(nothingLike.err().startsWith("historian serve: unknown key 'colour' in ")
            && !nothingLike.err().contains("did you mean"), nothingLike.err());
        assertTrue(Files.notExists(dir.resolve("data")), "refused before the data directory is touched");
    }

    @Test
    void everyKeyTheDocsNameIsRead() throws IOException {
        TreeSet<String> documented = documentedKeys();
        assertTrue(documented.size() > 40, documented.toString());
        List<String> unknown = documented.stream().filter(key -> !ServeConfig.knownKeys().contains(key)).toList();
        assertTrue(unknown.isEmpty(), "documented but refused: " + unknown);
        StringBuilder all = new StringBuilder();
        documented.forEach(key -> all.append(key).append(" = x\n"));
        Path file = Files.writeString(dir.resolve("all.properties"), all);
        assertEquals(documented.size(), ServeConfig.load(file).size());
    }

    /**
     * Keys in backquotes anywhere in the docs (server keys and mqtt., sparkplug., jwt., tls.), and
     * those of docs/mqtt.md's example file, whose comment also names sparkplug's connection keys.
     */
    private static TreeSet<String> documentedKeys() throws IOException {
        Path root = RepositoryRoot.find();
        TreeSet<String> keys = new TreeSet<>();
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        docs.add(root.resolve("README.md"));
        Pattern quoted = Pattern.compile("`((?:mqtt|sparkplug|jwt|tls|forward|archive|storage)\\.[a-z][a-z0-9.-]*[a-z0-9])`");
        for (Path doc : docs) {
            Matcher key = quoted.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (key.find()) {
                keys.add(key.group(1));
            }
        }
        String mqtt = Files.readString(root.resolve("docs/mqtt.md"), StandardCharsets.UTF_8);
        String example = mqtt.substring(mqtt.indexOf("```properties"), mqtt.indexOf("```", mqtt.indexOf("```properties")
            + 3));
        Matcher assignment = Pattern.compile("(?m)^([a-z][a-z0-9.-]*)\\s*=").matcher(example);
        while (assignment.find()) {
            keys.add(assignment.group(1));
        }
        Matcher mentioned = Pattern.compile("(sparkplug\\.[a-z][a-z-]*)(?=,)").matcher(example);
        while (mentioned.find()) {
            keys.add(mentioned.group(1));
        }
        String grpc = Files.readString(root.resolve("docs/grpc.md"), StandardCharsets.UTF_8);
        int list = grpc.indexOf("under these keys:");
        assertTrue(list > 0, "docs/grpc.md lists serve's config keys 'under these keys:'");
        Matcher serverKey = Pattern.compile("`([a-z][a-z.-]*)`").matcher(grpc.substring(list,
            grpc.indexOf("flags win", list)));
        while (serverKey.find()) {
            keys.add(serverKey.group(1));
        }
        return keys;
    }

}
