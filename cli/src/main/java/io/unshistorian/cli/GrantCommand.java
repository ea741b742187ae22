package io.unshistorian.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

import io.unshistorian.server.security.Grants;
import io.unshistorian.server.security.PrincipalLimits;
import io.unshistorian.server.security.Right;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code historian grant add|revoke|list|limit}: who may read, write or administer which namespace,
 * and how much of the server each principal may hold. The first grant turns enforcement on. Works
 * beside a running server (it follows the grants file within a second); every change is audited.
 */
@Command(name = "grant", mixinStandardHelpOptions = true,
    description = "Grant, revoke and list rights over namespaces, and set per-principal limits (see docs/security.md).",
    subcommands = {GrantCommand.Add.class, GrantCommand.Revoke.class, GrantCommand.ListGrants.class,
        GrantCommand.Limit.class})
final class GrantCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static final String ENFORCED_NOW = "grants are now enforced: callers may do only what is granted "
        + "(historian grant list)";
    private static final String PRINCIPAL = "Who: token:NAME, cert:SUBJECT, jwt:SUBJECT, role:NAME (a JWT group), "
        + "anonymous, or * (everyone).";

    @Command(name = "add", mixinStandardHelpOptions = true,
        description = "Grant PRINCIPAL a RIGHT (read, write or admin) over the series matching FILTER (an MQTT filter: "
            + "acme/dallas/#). The first grant turns enforcement on: then callers may do only what is granted.")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PRINCIPAL", description = PRINCIPAL)
        String principal;

        @Parameters(index = "1", paramLabel = "RIGHT", description = "read, write or admin (admin includes both).")
        String right;

        @Parameters(index = "2", paramLabel = "FILTER", description = "Paths it covers (+ one level, # the rest).")
        String filter;

        @picocli.CommandLine.Mixin
        TokenCommand.Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Grants grants = Grants.of(data.existingOrNew(spec.commandLine().getErr()));
            boolean enforcedBefore = grants.policy().enforced();
            Grants.Grant grant = new Grants.Grant(principal, Right.parse(right), filter);
            boolean added = grants.add(grant);
            if (added) {
                data.audit("grant_added", "historian grant add", filter, principal + " " + right);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(added ? "granted " + right + " on " + filter + " to " + principal
                : principal + " already has " + right + " on " + filter);
            if (!enforcedBefore) {
                out.println(ENFORCED_NOW);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke PRINCIPAL's grants: all of them, those of RIGHT, or that of RIGHT over FILTER.")
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PRINCIPAL", description = PRINCIPAL)
        String principal;

        @Parameters(index = "1", arity = "0..1", paramLabel = "RIGHT")
        String right;

        @Parameters(index = "2", arity = "0..1", paramLabel = "FILTER")
        String filter;

        @picocli.CommandLine.Mixin
        TokenCommand.Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            int revoked = Grants.of(data.existing()).revoke(principal, right == null ? null : Right.parse(right), filter);
            if (revoked == 0) {
                throw new IllegalArgumentException("no such grant to " + principal + "; see `historian grant list`");
            }
            data.audit("grant_revoked", "historian grant revoke", filter, principal + (right == null ? "" : " " + right)
                + " (" + revoked + " grant(s))");
            spec.commandLine().getOut().println(revoked + " grant(s) revoked");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List grants and limits.")
    static final class ListGrants implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        TokenCommand.Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Grants.Policy policy = Grants.of(data.existing()).policy();
            PrintWriter out = spec.commandLine().getOut();
            if (!policy.enforced()) {
                out.println("grants are not enforced (no grants yet): every caller the server admits may read and "
                    + "write everything");
            } else {
                out.printf("%-6s  %-32s  %s%n", "right", "filter", "principal");
                for (Grants.Grant grant : policy.grants()) {
                    out.printf("%-6s  %-32s  %s%n", grant.right().label(), grant.filter(), grant.grantee());
                }
            }
            for (Map.Entry<String, PrincipalLimits> limit : policy.limits().entrySet()) {
                out.println("limit " + limit.getKey() + ": " + limit.getValue().text());
            }
            out.println("default limits of an authenticated principal: " + PrincipalLimits.DEFAULT.text());
            out.flush();
            return 0;
        }
    }

    @Command(name = "limit", mixinStandardHelpOptions = true,
        description = "Set how much of the server PRINCIPAL may hold: calls in progress, bytes per request, points "
            + "per query (unset ones keep the defaults: " + "calls=16, request-bytes=16777216, points=100000000).")
    static final class Limit implements Callable<Integer> {
        @Parameters(paramLabel = "PRINCIPAL", description = PRINCIPAL)
        String principal;

        @Option(names = "--calls", description = "Calls (queries and write streams) in progress at once.")
        Integer calls;

        @Option(names = "--request-bytes", description = "Largest write batch, in bytes.")
        Long requestBytes;

        @Option(names = "--points", description = "Most points one query returns (raw reads end early with a cursor).")
        Long points;

        @Option(names = "--clear", description = "Remove PRINCIPAL's limits (back to the defaults).")
        boolean clear;

        @picocli.CommandLine.Mixin
        TokenCommand.Data data;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Grants grants = Grants.of(data.existingOrNew(spec.commandLine().getErr()));
            PrincipalLimits limits = null;
            if (!clear) {
                if (calls == null && requestBytes == null && points == null) {
                    throw new IllegalArgumentException("say which limit: --calls, --request-bytes, --points (or --clear)");
                }
                PrincipalLimits base = grants.policy().limits().getOrDefault(principal, PrincipalLimits.DEFAULT);
                limits = new PrincipalLimits(calls != null ? calls : base.calls(),
                    requestBytes != null ? requestBytes : base.requestBytes(), points != null ? points : base.pointsPerQuery());
            }
            boolean enforcedBefore = grants.policy().enforced();
            grants.limit(principal, limits);
            data.audit("limits_set", "historian grant limit", null, principal + " " + (limits == null ? "cleared"
                : limits.text()));
            PrintWriter out = spec.commandLine().getOut();
            out.println(limits == null ? "limits of " + principal + " cleared" : "limits of " + principal + ": "
                + limits.text());
            if (!enforcedBefore) {
                out.println(ENFORCED_NOW);
            }
            out.flush();
            return 0;
        }
    }
}
