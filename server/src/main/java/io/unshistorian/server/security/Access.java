package io.unshistorian.server.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.unshistorian.query.Selection;
import io.unshistorian.storage.series.TopicFilter;

/**
 * What one principal may do, under the grants as they were when its call began: read, write or
 * administer a series path, and its limits. Without enforced grants every path is allowed.
 */
public final class Access {
    private final Principal principal;
    private final boolean enforced;
    private final List<TopicFilter> read = new ArrayList<>();
    private final List<TopicFilter> write = new ArrayList<>();
    private final List<TopicFilter> admin = new ArrayList<>();
    private final PrincipalLimits limits;

    private Access(Principal principal, boolean enforced, PrincipalLimits limits) {
        this.principal = principal;
        this.enforced = enforced;
        this.limits = limits;
    }

    /** Everything allowed: a caller inside the process, or a server without a grants file. */
    public static Access unrestricted(Principal principal) {
        return new Access(principal, false, limitsOf(principal, Map.of()));
    }

    static Access of(Principal principal, Grants.Policy policy) {
        Access access = new Access(principal, policy.enforced(), limitsOf(principal, policy.limits()));
        for (Grants.Grant grant : policy.grants()) {
            if (!principal.is(grant.grantee())) {
                continue;
            }
            TopicFilter filter = TopicFilter.parse(grant.filter());
            if (grant.right().allows(Right.READ)) {
                access.read.add(filter);
            }
            if (grant.right().allows(Right.WRITE)) {
                access.write.add(filter);
            }
            if (grant.right() == Right.ADMIN) {
                access.admin.add(filter);
            }
        }
        return access;
    }

    /**
     * The limits given to the principal's name, else to one of its roles, else to {@code *}, else the
     * defaults ({@link PrincipalLimits#UNLIMITED} for anonymous callers).
     */
    private static PrincipalLimits limitsOf(Principal principal, Map<String, PrincipalLimits> limits) {
        PrincipalLimits own = limits.get(principal.name());
        if (own != null) {
            return own;
        }
        for (String role : principal.roles()) {
            if (limits.containsKey(role)) {
                return limits.get(role);
            }
        }
        return limits.getOrDefault("*", principal.equals(Principal.ANONYMOUS) ? PrincipalLimits.UNLIMITED
            : PrincipalLimits.DEFAULT);
    }

    public Principal principal() {
        return principal;
    }

    public PrincipalLimits limits() {
        return limits;
    }

    /** Whether grants restrict this caller at all. */
    public boolean restricted() {
        return enforced;
    }

    public boolean canRead(String path) {
        return !enforced || any(read, path);
    }

    public boolean canWrite(String path) {
        return !enforced || any(write, path);
    }

    public boolean canAdminister(String path) {
        return !enforced || any(admin, path);
    }

    /** Whether the caller may read every series (no filtering needed). */
    public boolean readsEverything() {
        return !enforced || read.stream().anyMatch(filter -> filter.coversSubtree(""));
    }

    /** Whether the caller administers the whole namespace: it may see server details. */
    public boolean administersEverything() {
        return !enforced || admin.stream().anyMatch(filter -> filter.coversSubtree(""));
    }

    /** Whether the caller may read every series at or below {@code prefix}. */
    public boolean readsSubtree(String prefix) {
        return !enforced || read.stream().anyMatch(filter -> filter.coversSubtree(prefix));
    }

    /** Whether the caller has {@code right} anywhere (to tell "nothing granted" from "not here"). */
    public boolean hasAny(Right right) {
        if (!enforced) {
            return true;
        }
        return switch (right) {
            case READ -> !read.isEmpty();
            case WRITE -> !write.isEmpty();
            case ADMIN -> !admin.isEmpty();
        };
    }

    /**
     * {@code selection} narrowed to what the caller may read: series it may not read are left out as
     * if they did not exist; an exact path it may not read, or any selection by a caller with no read
     * grant at all, is refused.
     *
     * @throws AccessDenied naming the path
     */
    public Selection readable(Selection selection) {
        if (!enforced) {
            return selection;
        }
        if (read.isEmpty()) {
            throw new AccessDenied(principal.name() + " has no read grant");
        }
        for (String filter : selection.filters()) {
            if (TopicFilter.isExactPath(filter) && !canRead(filter)) {
                throw new AccessDenied(principal.name() + " may not read '" + filter + "'");
            }
        }
        return readsEverything() ? selection : selection.visibleOnly(this::canRead);
    }

    /** @throws AccessDenied unless the caller may {@code right} the series at {@code path} */
    public void require(Right right, String path) {
        boolean allowed = switch (right) {
            case READ -> canRead(path);
            case WRITE -> canWrite(path);
            case ADMIN -> canAdminister(path);
        };
        if (!allowed) {
            throw new AccessDenied(principal.name() + " may not " + right.label() + " '" + path + "'");
        }
    }

    private static boolean any(List<TopicFilter> filters, String path) {
        for (TopicFilter filter : filters) {
            if (filter.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
