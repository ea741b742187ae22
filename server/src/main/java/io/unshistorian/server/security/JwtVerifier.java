package io.unshistorian.server.security;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * Verifies bearer JWTs from an identity provider: the signature against the keys of the JWKS file
 * (asymmetric algorithms only: RS*, PS*, ES*, so a leaked verification key cannot mint tokens), the
 * expiry and not-before times (60 s clock skew), the issuer, and the audience when set. The subject
 * becomes the principal {@code jwt:SUBJECT}, the strings of the roles claim its roles {@code
 * role:NAME}. The JWKS file is re-read when it changes, so keys can rotate without a restart.
 */
public final class JwtVerifier {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
        JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
        JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    private final JwtSettings settings;
    private final SecurityFile<DefaultJWTProcessor<SecurityContext>> keys;

    private JwtVerifier(JwtSettings settings) {
        this.settings = settings;
        this.keys = new SecurityFile<>(settings.jwks(), this::processor, null);
    }

    /** @throws java.io.IOException when the JWKS file cannot be read or is not a JWK set */
    public static JwtVerifier load(JwtSettings settings) throws java.io.IOException {
        JwtVerifier verifier = new JwtVerifier(settings);
        if (verifier.keys.load() == null) {
            throw new java.io.IOException("JWKS file " + settings.jwks() + " does not exist");
        }
        return verifier;
    }

    /** Whether {@code bearer} has the shape of a JWT (three base64url parts). */
    public static boolean looksLikeJwt(String bearer) {
        return bearer.chars().filter(c -> c == '.').count() == 2;
    }

    /**
     * The principal a valid token names.
     *
     * @throws IllegalArgumentException saying why the token is not accepted (never the token itself)
     */
    public Principal verify(String jwt) {
        DefaultJWTProcessor<SecurityContext> processor = keys.current();
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (ParseException e) {
            throw new IllegalArgumentException("the bearer token is not a well-formed JWT");
        } catch (BadJOSEException e) {
            throw new IllegalArgumentException("the JWT is not accepted: " + e.getMessage());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("the JWT could not be verified: " + e.getMessage());
        }
        List<String> roles = new ArrayList<>();
        Object claim = claims.getClaim(settings.rolesClaim());
        if (claim instanceof List<?> values) {
            for (Object value : values) {
                if (value instanceof String role && !role.isBlank()) {
                    roles.add("role:" + role);
                }
            }
        } else if (claim instanceof String role && !role.isBlank()) {
            roles.add("role:" + role);
        }
        return new Principal("jwt:" + claims.getSubject(), roles);
    }

    private DefaultJWTProcessor<SecurityContext> processor(List<String> lines) {
        JWKSet set;
        try {
            set = JWKSet.parse(String.join("\n", lines));
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWK set: " + e.getMessage());
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, new ImmutableJWKSet<>(set)));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(settings.audience(),
            new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("sub", "exp")));
        return processor;
    }
}
