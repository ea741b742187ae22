package io.unshistorian.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import io.unshistorian.server.security.ApiTokens;
import io.unshistorian.server.security.AuditEvent;
import io.unshistorian.server.security.AuditLog;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian token create|list|revoke}: API tokens of a data directory, for a server started
 * with {@code --auth token}. Works beside a running server (it re-reads the token file within a
 * second).
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Create, list and revoke the API tokens of a data directory (see docs/security.md).",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The data directory option of every token and grant command. */
    static final class Data {
        @Option(names = "--data", paramLabel = "DIR", description = "Data directory (default: ./historian-data).")
        Path data = Path.of("historian-data");

        /** The directory, when it is a historian's: a mistyped --data must not get tokens or grants of its own. */
        Path existing() {
            return DataDirectories.existing(data);
        }

        /**
         * The directory for a command that adds (a token, a grant): one that does not exist yet is
         * created as a new, empty data directory, saying so, so that credentials can be set up before
         * the first {@code historian serve}; an existing directory must be a historian's.
         */
        Path existingOrNew(PrintWriter err) throws java.io.IOException {
            if (!Files.exists(data)) {
                DataDirectories.open(data).close();
                err.println("note: created the new data directory " + data.toAbsolutePath());
            }
            return existing();
        }

        /** Records a change made from the command line in the audit log, as the operating-system user. */
        void audit(String event, String action, String namespace, String detail) throws java.io.IOException {
            try (AuditLog log = AuditLog.of(existing())) {
                log.record(new AuditEvent(event, "os:" + System.getProperty("user.name"), "local", action, namespace,
                    true, detail));
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a token and print it: it is shown this once and stored only as a hash.")
    static final class Create implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "Who or what uses it (e.g. mes-dallas): the principal "
            + "token:NAME.")
        String name;

        @picocli.CommandLine.Mixin
        Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            String token = ApiTokens.of(data.existingOrNew(spec.commandLine().getErr())).create(name);
            data.audit("token_created", "historian token create", null, "token:" + name);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token);
            out.flush();
            spec.commandLine().getErr().println("token '" + name + "' created; it is not shown again. Clients pass it "
                + "with --token or HISTORIAN_TOKEN.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-16s  %-24s  %-20s  %s%n", "id", "name", "created", "state");
            for (ApiTokens.Token token : ApiTokens.of(data.existing()).list()) {
                out.printf("%-16s  %-24s  %-20s  %s%n", token.id(), token.name(),
                    Instant.ofEpochMilli(token.createdMillis()).toString().substring(0, 19), token.revoked() ? "revoked"
                        : "active");
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id, or every "
        + "token of a name.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(paramLabel = "ID|NAME")
        String which;

        @picocli.CommandLine.Mixin
        Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int revoked = ApiTokens.of(data.existing()).revoke(which);
            if (revoked == 0) {
                throw new IllegalArgumentException("no active token with id or name '" + which + "'; see `historian "
                    + "token list`");
            }
            data.audit("token_revoked", "historian token revoke", null, which + " (" + revoked + " token(s))");
            spec.commandLine().getOut().println(revoked + " token(s) revoked");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
