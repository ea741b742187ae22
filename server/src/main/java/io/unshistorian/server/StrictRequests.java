package io.unshistorian.server;

import java.io.InputStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;

/**
 * Refuses a request whose bytes are not a valid message (a string that is not UTF-8, a truncated
 * field) with INVALID_ARGUMENT saying so. gRPC turns an exception thrown while parsing into an
 * opaque "UNKNOWN: Application error processing RPC"; so the parser instead hands on an empty
 * message carrying the parse error as an unknown field, and an interceptor closes the call with it
 * before the service sees the message.
 */
final class StrictRequests {
    /** The unknown-field number that carries a parse error (the largest a field may have). */
    private static final int PARSE_ERROR_FIELD = 536_870_911;

    private StrictRequests() {
    }

    /** {@code service} with every method's requests parsed strictly. */
    static ServerServiceDefinition of(ServerServiceDefinition service) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            builder.addMethod(strict(method));
        }
        return ServerInterceptors.intercept(builder.build(), new RefuseUnparsable());
    }

    private static <Q, R> ServerMethodDefinition<Q, R> strict(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        MethodDescriptor.Marshaller<Q> parser = method.getRequestMarshaller();
        if (!(parser instanceof MethodDescriptor.PrototypeMarshaller)) {
            return definition;
        }
        Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<Q>) parser).getMessagePrototype();
        MethodDescriptor.Marshaller<Q> strict = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(Q value) {
                return parser.stream(value);
            }

            @Override
            @SuppressWarnings("unchecked")
            public Q parse(InputStream stream) {
                try {
                    return parser.parse(stream);
                } catch (RuntimeException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    String reason = "the request is not a valid " + method.getFullMethodName() + " message ("
                        + cause.getMessage() + "); strings must be UTF-8";
                    return (Q) prototype.newBuilderForType().setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(PARSE_ERROR_FIELD, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8(reason)).build()).build()).build();
                }
            }
        };
        return ServerMethodDefinition.create(method.toBuilder(strict, method.getResponseMarshaller()).build(),
            definition.getServerCallHandler());
    }

    /** Closes a call whose message carries a parse error, before the service sees it. */
    private static final class RefuseUnparsable implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                private boolean refused;

                @Override
                public void onMessage(Q message) {
                    String error = parseError(message);
                    if (error != null) {
                        refused = true;
                        call.close(Status.INVALID_ARGUMENT.withDescription(error), new Metadata());
                    } else if (!refused) {
                        super.onMessage(message);
                    }
                }

                @Override
                public void onHalfClose() {
                    if (!refused) {
                        super.onHalfClose();
                    }
                }
            };
        }

        private static String parseError(Object message) {
            if (message instanceof Message) {
                UnknownFieldSet unknown = ((Message) message).getUnknownFields();
                if (unknown.hasField(PARSE_ERROR_FIELD)) {
                    return unknown.getField(PARSE_ERROR_FIELD).getLengthDelimitedList().get(0).toStringUtf8();
                }
            }
            return null;
        }
    }
}
