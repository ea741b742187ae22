package io.unshistorian.server.security;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which identity provider's JWTs the server accepts: its public keys (a JWKS file, as the provider
 * publishes at its {@code jwks_uri}), the issuer ({@code iss}) the tokens must carry, optionally the
 * audience ({@code aud}) they must be for, and the claim whose strings become roles.
 */
public record JwtSettings(Path jwks, String issuer, String audience, String rolesClaim) {
    public JwtSettings {
        if (jwks == null || !Files.isReadable(jwks)) {
            throw new IllegalArgumentException("JWKS file (--jwt-jwks) " + jwks + " is not a readable file");
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("JWTs need an issuer to trust: set --jwt-issuer to the identity "
                + "provider's issuer URL");
        }
        if (rolesClaim == null || rolesClaim.isBlank()) {
            rolesClaim = "groups";
        }
    }
}
