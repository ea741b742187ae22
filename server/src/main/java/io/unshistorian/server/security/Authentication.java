package io.unshistorian.server.security;

import java.net.SocketAddress;
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
 * Who is calling, for every gRPC call: the subject of a verified client certificate (mutual TLS) as
 * {@code cert:<subject>}, else the bearer credential in {@code authorization: Bearer …} — an API
 * token ({@code token:<name>}) or an identity provider's JWT ({@code jwt:<subject>} with its roles)
 * — else {@code anonymous}. When the server requires authentication, anonymous calls and invalid
 * credentials are refused with UNAUTHENTICATED saying what to present, and audited. The caller is
 * in the call's context ({@link Caller#KEY}) for the grants and the audit log.
 */
public final class Authentication implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final Security security;

    public Authentication(Security security) {
        this.security = security;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        String remote = remote(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        Principal principal = certificateSubject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
            .map(subject -> Principal.of("cert:" + subject)).orElse(null);
        if (principal == null) {
            String bearer = bearer(headers.get(AUTHORIZATION));
            try {
                if (bearer != null) {
                    principal = security.fromBearer(bearer).orElse(null);
                }
                if (principal == null && security.authenticationRequired()) {
                    throw new IllegalArgumentException(security.whatToPresent());
                }
            } catch (IllegalArgumentException refused) {
                security.audit(new AuditEvent("authentication_failed", Principal.ANONYMOUS.name(), remote,
                    call.getMethodDescriptor().getFullMethodName(), null, false, refused.getMessage()));
                call.close(Status.UNAUTHENTICATED.withDescription(refused.getMessage()), new Metadata());
                return new ServerCall.Listener<>() { };
            }
            if (principal == null) {
                principal = Principal.ANONYMOUS;
            }
        }
        return Contexts.interceptCall(Context.current().withValue(Caller.KEY, new Caller(principal, remote)), call,
            headers, next);
    }

    public static String remote(SocketAddress address) {
        return address == null ? "unknown" : address.toString().replaceFirst("^/", "");
    }

    /** The credential of an {@code authorization: Bearer …} header, or null. */
    public static String bearer(String header) {
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
