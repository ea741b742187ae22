package io.unshistorian.server;

import java.io.InputStream;

import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;

/**
 * Lets a service's methods answer with {@link PreEncodedMessage}s as well as generated messages:
 * each method's response marshaller passes pre-encoded bytes through unchanged. The generated
 * stubs type a method's observer with its message class, so a method hands pre-encoded messages on
 * through {@link #observer}.
 */
final class PreEncodedResponses {
    private PreEncodedResponses() {
    }

    /** {@code service} with every method's responses able to be pre-encoded. */
    static ServerServiceDefinition allow(ServerServiceDefinition service) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            builder.addMethod(passThrough(method));
        }
        return builder.build();
    }

    private static <Q, R> ServerMethodDefinition<Q, R> passThrough(ServerMethodDefinition<Q, R> definition) {
        MethodDescriptor<Q, R> method = definition.getMethodDescriptor();
        MethodDescriptor.Marshaller<R> generated = method.getResponseMarshaller();
        MethodDescriptor.Marshaller<R> marshaller = new MethodDescriptor.Marshaller<>() {
            @Override
            public InputStream stream(R value) {
                Object message = value;   // erased: a pre-encoded message arrives in the generated type's place
                return message instanceof PreEncodedMessage ? ((PreEncodedMessage) message).stream()
                    : generated.stream(value);
            }

            @Override
            public R parse(InputStream stream) {
                return generated.parse(stream);
            }
        };
        return ServerMethodDefinition.create(method.toBuilder(method.getRequestMarshaller(), marshaller).build(),
            definition.getServerCallHandler());
    }

    /** The observer of a method whose service was passed through {@link #allow}, taking pre-encoded messages. */
    @SuppressWarnings("unchecked")
    static StreamObserver<Object> observer(StreamObserver<?> responses) {
        return (StreamObserver<Object>) responses;
    }
}
