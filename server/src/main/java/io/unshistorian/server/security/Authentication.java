package io.unshistorian.server.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Who is calling, for every call: the subject of a client certificate (mutual TLS) as {@code
 * cert:<subject>}, else an API token in the {@code authorization: Bearer …} header as {@code
 * token:<name>}, else {@code anonymous}. With tokens enabled, anonymous calls and unknown or revoked
 * tokens are refused with UNAUTHENTICATED, saying what to present. The principal is in the call's
 * context ({@link #PRINCIPAL}) for the grants and the audit log.
 */
public final class Authentication implements ServerInterceptor {
    /** The principal of the current call. */
    public static final Context.Key<String> PRINCIPAL = Context.key("historian-principal");
    public static final String ANONYMOUS = "anonymous";
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final ApiTokens tokens;

    /** @param tokens null: tokens are not accepted and anonymous callers are (the listener decides who connects) */
    public Authentication(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        String principal = certificateSubject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
            .map(subject -> "cert:" + subject).orElse(null);
        if (principal == null) {
            String bearer = bearer(headers.get(AUTHORIZATION));
            if (bearer != null && tokens != null) {
                Optional<String> name = tokens.verify(bearer);
                if (name.isEmpty()) {
                    return refuse(call, "the API token is not valid: revoked, mistyped, or from another historian");
                }
                principal = "token:" + name.get();
            } else if (tokens != null) {
                return refuse(call, "this server requires an API token (--token, or HISTORIAN_TOKEN) or a client "
                    + "certificate");
            } else {
                principal = ANONYMOUS;
            }
        }
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
        call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
        return new ServerCall.Listener<>() { };
    }

    static String bearer(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).strip();
    }

    /** The subject of a verified client certificate, when the connection has one. */
    public static Optional<String> certificateSubject(SSLSession session) {
        if (session == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                return Optional.of(((X509Certificate) chain[0]).getSubjectX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // TLS without a client certificate
        }
        return Optional.empty();
    }
}
