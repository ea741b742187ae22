package io.unshistorian.client;

import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/**
 * Sends a credential with every call: {@code authorization: Bearer <token>}, where the token is an
 * API token ({@code uhs_…}, from {@code historian token create}) or a JWT from the identity provider
 * the server trusts (docs/security.md). Use over TLS: the header is the credential.
 *
 * <pre>HistorianGrpc.newBlockingStub(channel).withInterceptors(BearerToken.of(token))</pre>
 */
public final class BearerToken {
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
        Metadata.ASCII_STRING_MARSHALLER);

    private BearerToken() {
    }

    /** An interceptor that adds the token to every call's headers. */
    public static ClientInterceptor of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the token is empty");
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token.strip());
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
