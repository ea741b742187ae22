package io.unshistorian.export;

import java.util.List;

import io.unshistorian.embedded.Historian;
import io.unshistorian.query.Selection;
import io.unshistorian.server.security.Access;
import io.unshistorian.server.security.AccessDenied;
import io.unshistorian.server.security.AuditEvent;
import io.unshistorian.server.security.Principal;
import io.unshistorian.server.security.Security;
import io.unshistorian.storage.read.DataDamagedException;
import io.unshistorian.storage.series.Series;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Arrow Flight over a historian. A ticket (or a command descriptor) is an {@link ExportQuery} in its
 * text form; {@code DoGet} streams its record batches with bounded memory, waiting for the client.
 * A path descriptor names one series: its whole raw history. {@code ListFlights} lists one flight
 * per series of the namespace (optionally narrowed by a filter in the criteria). Every call sees
 * only what its caller may read (the same grants as the gRPC API).
 */
public final class HistorianFlightProducer extends NoOpFlightProducer {
    private final Historian historian;
    private final BufferAllocator allocator;
    private final Location location;
    private final Security security;

    public HistorianFlightProducer(Historian historian, BufferAllocator allocator, Location location,
                                   Security security) {
        this.historian = historian;
        this.allocator = allocator;
        this.location = location;
        this.security = security;
    }

    private Access access(CallContext context) {
        return security.access(Principal.fromIdentity(context.peerIdentity()));
    }

    /** PERMISSION_DENIED (Flight: UNAUTHORIZED) for a denial, audited. */
    private RuntimeException denied(CallContext context, String action, String namespace, AccessDenied denial) {
        security.audit(AuditEvent.denied(Principal.fromIdentity(context.peerIdentity()), "flight", "flight/" + action,
            namespace, denial.getMessage()));
        return CallStatus.UNAUTHORIZED.withDescription(denial.getMessage()).toRuntimeException();
    }

    static ExportQuery queryOf(FlightDescriptor descriptor) {
        if (descriptor.isCommand()) {
            return ExportQuery.parse(descriptor.getCommand());
        }
        List<String> path = descriptor.getPath();
        if (path.size() != 1) {
            throw new IllegalArgumentException("a path descriptor names one series path, got " + path);
        }
        return ExportQuery.raw(Long.MIN_VALUE + 1, Long.MAX_VALUE, path.get(0));
    }

    @Override
    public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        ExportQuery query = null;
        try {
            query = queryOf(descriptor);
            try (ArrowExporter exporter = new ArrowExporter(historian, query, allocator, 1, access(context)::readable)) {
                return new FlightInfo(exporter.schema(), descriptor,
                    List.of(new FlightEndpoint(new Ticket(query.toBytes()), location)), -1, -1);
            }
        } catch (AccessDenied e) {
            throw denied(context, "GetFlightInfo", String.join(",", query.filters()), e);
        } catch (IllegalArgumentException e) {
            throw CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException();
        }
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        ExportQuery query;
        try {
            query = ExportQuery.parse(ticket.getBytes());
        } catch (IllegalArgumentException e) {
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
            return;
        }
        try (ArrowExporter exporter = new ArrowExporter(historian, query, allocator, ArrowFiles.BATCH_ROWS,
            access(context)::readable)) {
            ClientReadiness readiness = new ClientReadiness(listener);
            listener.start(exporter.root(), exporter.dictionaries());
            exporter.run(root -> {
                readiness.await();
                listener.putNext();
            });
            listener.completed();
        } catch (AccessDenied e) {
            listener.error(denied(context, "DoGet", String.join(",", query.filters()), e));
        } catch (IllegalArgumentException e) {
            listener.error(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
        } catch (DataDamagedException e) {
            // Flight has no DATA_LOSS code: INTERNAL, after every readable batch, with the damage named.
            listener.error(CallStatus.INTERNAL.withDescription("data loss: " + e.getMessage()).toRuntimeException());
        } catch (Exception e) {
            listener.error(CallStatus.INTERNAL.withDescription("export failed: " + e.getMessage()).toRuntimeException());
        }
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        String filter = criteria.getExpression().length == 0 ? "#"
            : new String(criteria.getExpression(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            for (Series series : historian.query().select(access(context).readable(Selection.of(filter)))) {
                listener.onNext(getFlightInfo(context, FlightDescriptor.path(series.path())));
            }
            listener.onCompleted();
        } catch (AccessDenied e) {
            listener.onError(denied(context, "ListFlights", filter, e));
        } catch (IllegalArgumentException e) {
            listener.onError(CallStatus.INVALID_ARGUMENT.withDescription(e.getMessage()).toRuntimeException());
        }
    }
}
