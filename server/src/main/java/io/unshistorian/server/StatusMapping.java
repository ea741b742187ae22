package io.unshistorian.server;

import java.io.IOException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.unshistorian.grpc.v1.Rejection;
import io.unshistorian.server.security.AccessDenied;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.write.BatchRejectedException;
import io.unshistorian.storage.write.WritesRefusedException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what the historian throws to gRPC statuses with messages a person can act on; never a stack
 * trace. Decided by type: bad input is INVALID_ARGUMENT, what the caller's grants do not allow PERMISSION_DENIED, a full write backlog or disk RESOURCE_EXHAUSTED,
 * a query that met damaged data DATA_LOSS (after the readable results),
 * writes refused after a failed fsync and a closed engine UNAVAILABLE, storage failures INTERNAL
 * with their message.
 */
final class StatusMapping {
    private static final Logger LOG = LoggerFactory.getLogger(StatusMapping.class);

    private StatusMapping() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException) {
            return (StatusRuntimeException) error;
        }
        if (error instanceof BatchRejectedException) {
            BatchRejectedException rejected = (BatchRejectedException) error;
            Status status = rejected.kind().retryable() ? Status.RESOURCE_EXHAUSTED : Status.INVALID_ARGUMENT;
            return status.withDescription(rejected.getMessage()).asRuntimeException();
        }
        if (error instanceof AccessDenied) {
            return Status.PERMISSION_DENIED.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof DataDamagedException) {
            // Everything readable was streamed before this status: the client knows its result has a gap.
            return Status.DATA_LOSS.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof WritesRefusedException) {
            return Status.UNAVAILABLE.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof IllegalStateException) {
            return Status.UNAVAILABLE.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof IOException) {
            LOG.error("storage failure", error);
            return Status.INTERNAL.withDescription("storage failure: " + error.getMessage()).asRuntimeException();
        }
        LOG.error("unexpected failure", error);
        return Status.INTERNAL.withDescription("internal error (" + error.getClass().getSimpleName()
            + "); the server log has the details").asRuntimeException();
    }

    /** The wire form of a rejection's kind. */
    static Rejection rejection(BatchRejectedException.Kind kind) {
        switch (kind) {
            case BACKLOG_FULL:
                return Rejection.BACKLOG_FULL;
            case DISK_FULL:
                return Rejection.DISK_FULL;
            case BATCH_TOO_LARGE:
                return Rejection.BATCH_TOO_LARGE;
            default:
                return Rejection.INVALID_SAMPLE;
        }
    }
}
