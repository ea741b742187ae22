package io.unshistorian.server.security;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the caller's principal into each call's context: the subject of the client certificate on
 * a mutual-TLS connection, {@code anonymous} otherwise. The grants of the security layer decide
 * with it; the audit log names it.
 */
public final class ClientIdentity implements ServerInterceptor {
    /** The principal of the current call. */
    public static final Context.Key<String> PRINCIPAL = Context.key("historian-principal");
    public static final String ANONYMOUS = "anonymous";

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                     ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(PRINCIPAL, principal(call)), call, headers, next);
    }

    static String principal(ServerCall<?, ?> call) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return ANONYMOUS;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                return ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException noCertificate) {
            // TLS without a client certificate
        }
        return ANONYMOUS;
    }
}
