package io.unshistorian.export;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.unshistorian.server.security.AuditEvent;
import io.unshistorian.server.security.Authentication;
import io.unshistorian.server.security.Principal;
import io.unshistorian.server.security.Security;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/**
 * Flight's side of the one security policy: who is calling, as on the gRPC API — a verified client
 * certificate ({@code cert:SUBJECT}), else a bearer API token or JWT, else anonymous (refused when
 * the server requires authentication, and audited). Flight's authenticators see only headers, so
 * {@link #transportHeaders()} (a gRPC interceptor on Flight's own server) first replaces the
 * headers below with what the TLS session and the socket say: a client cannot forge them.
 */
final class FlightAuthentication implements CallHeaderAuthenticator {
    static final String CERTIFICATE_SUBJECT = "x-historian-verified-certificate-subject";
    static final String PEER = "x-historian-peer";
    private static final Metadata.Key<String> CERTIFICATE_KEY = Metadata.Key.of(CERTIFICATE_SUBJECT,
        Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> PEER_KEY = Metadata.Key.of(PEER, Metadata.ASCII_STRING_MARSHALLER);

    private final Security security;

    FlightAuthentication(Security security) {
        this.security = security;
    }

    /** Puts the verified certificate subject and the peer address into each call's headers (removing any sent). */
    static ServerInterceptor transportHeaders() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                             ServerCallHandler<Q, R> next) {
                headers.removeAll(CERTIFICATE_KEY);
                headers.removeAll(PEER_KEY);
                Authentication.certificateSubject(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))
                    .ifPresent(subject -> headers.put(CERTIFICATE_KEY, ascii(subject)));
                java.net.SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
                headers.put(PEER_KEY, remote == null ? "unknown" : ascii(remote.toString().replaceFirst("^/", "")));
                return next.startCall(call, headers);
            }
        };
    }

    /** Header values are ASCII: a subject with other characters keeps its RFC 4514 escapes for them. */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c)
            : String.format("\\u%04x", c)));
        return out.toString();
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        String subject = headers.get(CERTIFICATE_SUBJECT);
        Principal principal;
        if (subject != null) {
            principal = Principal.of("cert:" + subject);
        } else {
            String header = headers.get("authorization");
            try {
                principal = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? security.fromBearer(header.substring(7).strip()).orElse(null) : null;
                if (principal == null && security.authenticationRequired()) {
                    throw new IllegalArgumentException(security.whatToPresent());
                }
            } catch (IllegalArgumentException refused) {
                security.audit(new AuditEvent("authentication_failed", Principal.ANONYMOUS.name(), headers.get(PEER),
                    "flight", null, false, refused.getMessage()));
                throw CallStatus.UNAUTHENTICATED.withDescription(refused.getMessage()).toRuntimeException();
            }
            if (principal == null) {
                principal = Principal.ANONYMOUS;
            }
        }
        String identity = principal.toIdentity();
        return () -> identity;
    }
}
