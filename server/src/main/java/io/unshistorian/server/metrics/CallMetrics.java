package io.unshistorian.server.metrics;

import java.util.Map;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Counts every call of a gRPC-based listener (the historian.v1 API, Arrow Flight) by method and
 * status, times the query methods by kind, and tells the write path which source a Write stream
 * comes from. The outermost interceptor, so calls refused by authentication are counted too.
 */
public final class CallMetrics implements ServerInterceptor {
    /** Header a client may set to name the source of its writes in the metrics: {@code import}. */
    public static final Metadata.Key<String> SOURCE_HEADER = Metadata.Key.of("historian-source",
        Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> SOURCE = Context.key("historian-ingest-source");
    /** The query kind of each historian.v1 query method. */
    private static final Map<String, String> API_QUERIES = Map.of("ReadRaw", "raw", "Aggregate", "aggregate",
        "AggregateUnary", "aggregate", "Interpolate", "interpolate", "Plot", "plot", "Latest", "latest", "Browse",
        "browse", "ListSeries", "browse");

    private final HistorianMetrics metrics;
    private final String api;
    private final Map<String, String> queryKinds;

    private CallMetrics(HistorianMetrics metrics, String api, Map<String, String> queryKinds) {
        this.metrics = metrics;
        this.api = api;
        this.queryKinds = queryKinds;
    }

    /** For the historian.v1 gRPC API. */
    public static CallMetrics grpc(HistorianMetrics metrics) {
        return new CallMetrics(metrics, "grpc", API_QUERIES);
    }

    /** For Arrow Flight: a DoGet is an export query. */
    public static CallMetrics flight(HistorianMetrics metrics) {
        return new CallMetrics(metrics, "flight", Map.of("DoGet", "export"));
    }

    /** The source of the current call's writes: {@code import} when the client said so, else {@code grpc}. */
    public static String source() {
        String source = SOURCE.get();
        return source == null ? "grpc" : source;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getBareMethodName();
        String kind = queryKinds.get(method);
        long started = System.nanoTime();
        ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                metrics.call(api, method == null ? "unknown" : method, status.getCode().name());
                if (kind != null && status.isOk()) {
                    metrics.query(kind, api, System.nanoTime() - started);
                }
                super.close(status, trailers);
            }
        };
        // Only the known value: a client cannot make up label values (and so series) at will.
        Context context = "import".equals(headers.get(SOURCE_HEADER))
            ? Context.current().withValue(SOURCE, "import") : Context.current();
        return Contexts.interceptCall(context, counted, headers, next);
    }
}
