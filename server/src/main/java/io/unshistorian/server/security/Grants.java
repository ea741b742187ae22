package io.unshistorian.server.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.unshistorian.storage.series.TopicFilter;

/**
 * Who may do what where: grants of a right over a namespace filter to a principal, and limits per
 * principal, in {@code security/grants} of the data directory (docs/format/grants.md). Without that
 * file grants are not enforced (every caller the listener admits may do everything, as before
 * grants existed); once it exists — the first {@code historian grant} creates it — a principal may
 * do only what it is granted, even when every grant has been revoked. A running server follows
 * changes within a second.
 */
public final class Grants {
    /** One grant: {@code right} over the series matching {@code filter}, to {@code grantee} (a principal, a role or {@code *}). */
    public record Grant(String grantee, Right right, String filter) {
        public Grant {
            TopicFilter.parse(filter);
            checkGrantee(grantee);
        }
    }

    /** What the file says: whether grants are enforced at all, the grants, and the limits by grantee. */
    public record Policy(boolean enforced, List<Grant> grants, Map<String, PrincipalLimits> limits) {
        static final Policy OPEN = new Policy(false, List.of(), Map.of());
    }

    private final SecurityFile<Policy> file;
    /** What each principal may do, resolved once per policy rather than on every call. */
    private volatile Resolved resolved = new Resolved(null, new ConcurrentHashMap<>());

    /** Accesses resolved under one policy: a call still holding an older policy only fills the older map. */
    private record Resolved(Policy policy, ConcurrentHashMap<Principal, Access> accesses) {
    }

    /** Principals remembered per policy at most (JWT subjects are unbounded): beyond, each call resolves its own. */
    private static final int MAX_RESOLVED = 10_000;

    private Grants(Path file) {
        this.file = new SecurityFile<>(file, Grants::parse, Policy.OPEN);
    }

    /** The grants of a data directory. @throws IOException when the file exists but cannot be read or parsed */
    public static Grants of(Path dataDirectory) throws IOException {
        Grants grants = new Grants(dataDirectory.resolve("security").resolve("grants"));
        grants.file.load();
        return grants;
    }

    /** What {@code principal} may do, under the policy as of now. */
    public Access access(Principal principal) {
        Policy policy = file.current();
        Resolved current = resolved;
        if (current.policy() != policy) {
            current = new Resolved(policy, new ConcurrentHashMap<>());
            resolved = current;
        }
        Access cached = current.accesses().get(principal);
        if (cached != null) {
            return cached;
        }
        Access access = Access.of(principal, policy);
        if (current.accesses().size() < MAX_RESOLVED) {
            current.accesses().put(principal, access);
        }
        return access;
    }

    public Policy policy() throws IOException {
        return file.load();
    }

    /** Adds a grant (creating the file, which turns enforcement on); false when it was there already. */
    public boolean add(Grant grant) throws IOException {
        return file.update(policy -> {
            if (policy.grants().contains(grant)) {
                return new SecurityFile.Change<>(policy, policy.enforced() ? null : text(policy), false);
            }
            List<Grant> next = new ArrayList<>(policy.grants());
            next.add(grant);
            Policy changed = new Policy(true, List.copyOf(next), policy.limits());
            return new SecurityFile.Change<>(changed, text(changed), true);
        });
    }

    /** Removes grants to {@code grantee}: of {@code right} over {@code filter}, or all when they are null. Returns how many. */
    public int revoke(String grantee, Right right, String filter) throws IOException {
        return file.update(policy -> {
            List<Grant> next = new ArrayList<>();
            for (Grant grant : policy.grants()) {
                boolean match = grant.grantee().equals(grantee) && (right == null || grant.right() == right)
                    && (filter == null || grant.filter().equals(filter));
                if (!match) {
                    next.add(grant);
                }
            }
            int removed = policy.grants().size() - next.size();
            Policy changed = new Policy(true, List.copyOf(next), policy.limits());
            return new SecurityFile.Change<>(changed, removed > 0 ? text(changed) : null, removed);
        });
    }

    /**
     * Sets (or, with null, removes) the limits of {@code grantee}. Like any change it leaves a grants
     * file, and so grants enforced: the file's existence is the switch (revoking the last grant never
     * opens the server up).
     */
    public void limit(String grantee, PrincipalLimits limits) throws IOException {
        checkGrantee(grantee);
        file.update(policy -> {
            Map<String, PrincipalLimits> next = new LinkedHashMap<>(policy.limits());
            if (limits == null) {
                next.remove(grantee);
            } else {
                next.put(grantee, limits);
            }
            Policy changed = new Policy(true, policy.grants(), Map.copyOf(next));
            return new SecurityFile.Change<>(changed, text(changed), null);
        });
    }

    static void checkGrantee(String grantee) {
        if (grantee == null || grantee.isBlank() || grantee.indexOf('\t') >= 0 || grantee.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("principal '" + grantee + "' must be non-empty, without tabs or line "
                + "breaks (token:NAME, cert:SUBJECT, jwt:SUBJECT, role:NAME, anonymous or *)");
        }
    }

    private static Policy parse(List<String> lines) {
        List<Grant> grants = new ArrayList<>();
        Map<String, PrincipalLimits> limits = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : lines) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            try {
                if (fields[0].equals("grant") && fields.length == 4) {
                    grants.add(new Grant(fields[3], Right.parse(fields[1]), fields[2]));
                } else if (fields[0].equals("limit") && fields.length == 3) {
                    limits.put(fields[1], PrincipalLimits.parse(fields[2], PrincipalLimits.DEFAULT));
                } else {
                    throw new IllegalArgumentException("expected 'grant RIGHT FILTER PRINCIPAL' or 'limit PRINCIPAL "
                        + "LIMITS', tab-separated");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
            }
        }
        return new Policy(true, List.copyOf(grants), Map.copyOf(limits));
    }

    private static String text(Policy policy) {
        StringBuilder text = new StringBuilder("# UNS Historian grants (docs/format/grants.md): 'grant RIGHT FILTER "
            + "PRINCIPAL' and 'limit PRINCIPAL LIMITS', tab-separated. Managed by `historian grant`.\n");
        for (Grant grant : policy.grants()) {
            text.append("grant\t").append(grant.right().label()).append('\t').append(grant.filter()).append('\t')
                .append(grant.grantee()).append('\n');
        }
        for (Map.Entry<String, PrincipalLimits> limit : policy.limits().entrySet()) {
            text.append("limit\t").append(limit.getKey()).append('\t').append(limit.getValue().text()).append('\n');
        }
        return text.toString();
    }
}
