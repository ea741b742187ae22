package io.unshistorian.server.security;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The one security policy behind every listener (gRPC and Arrow Flight): which identities are
 * accepted (API tokens, identity-provider JWTs; client certificates come with TLS), what each
 * principal may do (grants and limits), and the audit log. Built once per server from the data
 * directory.
 */
public final class Security implements AutoCloseable {
    private final ApiTokens tokens;
    private final JwtVerifier jwt;
    private final Grants grants;
    private final AuditLog audit;

    private Security(ApiTokens tokens, JwtVerifier jwt, Grants grants, AuditLog audit) {
        this.tokens = tokens;
        this.jwt = jwt;
        this.grants = grants;
        this.audit = audit;
    }

    /** No identities required, no grants, no audit: an in-process server or a test. */
    public static Security none() {
        return new Security(null, null, null, null);
    }

    /**
     * The policy of a data directory: grants and the audit log always (grants are enforced once
     * {@code security/grants} exists); API tokens required when {@code tokens}; JWTs accepted when
     * {@code jwt} is set.
     */
    public static Security of(Path dataDirectory, boolean tokens, JwtSettings jwt) throws IOException {
        return new Security(tokens ? ApiTokens.of(dataDirectory) : null, jwt == null ? null : JwtVerifier.load(jwt),
            Grants.of(dataDirectory), AuditLog.of(dataDirectory));
    }

    /** Whether every caller must present a token or JWT (or a client certificate). */
    public boolean authenticationRequired() {
        return tokens != null || jwt != null;
    }

    /** Whether grants are enforced now (the grants file exists). */
    public boolean grantsEnforced() {
        return grants != null && grants.access(Principal.ANONYMOUS).restricted();
    }

    /** How a caller without a certificate or bearer is told what to present. */
    public String whatToPresent() {
        if (tokens != null && jwt != null) {
            return "this server requires an API token (--token, or HISTORIAN_TOKEN), a JWT from its identity provider, "
                + "or a client certificate";
        }
        return tokens != null ? "this server requires an API token (--token, or HISTORIAN_TOKEN) or a client certificate"
            : "this server requires a JWT from its identity provider (authorization: Bearer …) or a client certificate";
    }

    /**
     * The principal a bearer credential (an API token or a JWT) names.
     *
     * @return empty when this server does not take bearer credentials
     * @throws IllegalArgumentException saying why the credential is refused (never echoing it)
     */
    public Optional<Principal> fromBearer(String bearer) {
        if (tokens != null && ApiTokens.looksLikeToken(bearer)) {
            return Optional.of(Principal.of("token:" + tokens.verify(bearer).orElseThrow(() ->
                new IllegalArgumentException("the API token is not valid: revoked, mistyped, or from another historian"))));
        }
        if (jwt != null && JwtVerifier.looksLikeJwt(bearer)) {
            return Optional.of(jwt.verify(bearer));
        }
        if (authenticationRequired()) {
            throw new IllegalArgumentException("the bearer credential is not of a kind this server accepts; "
                + whatToPresent());
        }
        return Optional.empty();
    }

    /** What {@code principal} may do now. */
    public Access access(Principal principal) {
        return grants == null ? Access.unrestricted(principal) : grants.access(principal);
    }

    /** The audit log's file, or null when this policy keeps none. */
    public Path auditPath() {
        return audit == null ? null : audit.path();
    }

    public void audit(AuditEvent event) {
        if (audit != null) {
            audit.record(event);
        }
    }

    @Override
    public void close() {
        if (audit != null) {
            audit.close();
        }
    }
}
