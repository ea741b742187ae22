package io.unshistorian.server;

import java.io.IOException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.unshistorian.storage.write.BatchRejectedException;

/**
 * Maps what the historian throws to gRPC statuses with messages a person can act on; never a stack
 * trace. Bad input is INVALID_ARGUMENT, a full write backlog RESOURCE_EXHAUSTED, a closed engine
 * UNAVAILABLE, storage failures INTERNAL with their message.
 */
final class StatusMapping {
    private static final System.Logger LOG = System.getLogger(StatusMapping.class.getName());

    private StatusMapping() {
    }

    static StatusRuntimeException toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException) {
            return (StatusRuntimeException) error;
        }
        if (error instanceof BatchRejectedException) {
            BatchRejectedException rejected = (BatchRejectedException) error;
            Status status = isBacklog(rejected) ? Status.RESOURCE_EXHAUSTED : Status.INVALID_ARGUMENT;
            return status.withDescription(rejected.getMessage()).asRuntimeException();
        }
        if (error instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof IllegalStateException) {
            return Status.UNAVAILABLE.withDescription(error.getMessage()).asRuntimeException();
        }
        if (error instanceof IOException) {
            LOG.log(System.Logger.Level.ERROR, "storage failure", error);
            return Status.INTERNAL.withDescription("storage failure: " + error.getMessage()).asRuntimeException();
        }
        LOG.log(System.Logger.Level.ERROR, "unexpected failure", error);
        return Status.INTERNAL.withDescription("internal error (" + error.getClass().getSimpleName()
            + "); the server log has the details").asRuntimeException();
    }

    static boolean isBacklog(BatchRejectedException rejected) {
        return rejected.reason().startsWith("write backlog full");
    }
}
