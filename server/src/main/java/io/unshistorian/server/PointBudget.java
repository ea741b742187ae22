package io.unshistorian.server;

import io.grpc.Status;
import io.unshistorian.server.security.Access;

/** The points one query may return to its caller (its limits); one more fails the call with RESOURCE_EXHAUSTED. */
final class PointBudget {
    private final Access access;
    private long left;

    PointBudget(Access access) {
        this.access = access;
        this.left = access.limits().pointsPerQuery();
    }

    /** Counts one point. */
    void take() {
        if (--left < 0) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("the query returns more than "
                + access.limits().pointsPerQuery() + " points, the limit of " + access.principal().name()
                + "; narrow the range or the selection, or use coarser buckets").asRuntimeException();
        }
    }
}
