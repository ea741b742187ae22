package io.unshistorian.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.unshistorian.client.BearerToken;
import io.unshistorian.embedded.Historian;
import io.unshistorian.grpc.v1.HistorianGrpc;
import io.unshistorian.grpc.v1.LatestRequest;
import io.unshistorian.grpc.v1.Selection;
import io.unshistorian.server.HistorianServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer JWTs of an identity provider, verified against its JWKS file through a real server: a
 * valid token's subject and groups become the principal and its roles (and grants to a role apply);
 * a tampered, expired, wrongly issued, foreign-signed, unsigned-algorithm or HMAC token is refused
 * with UNAUTHENTICATED and audited; keys rotate by replacing the file.
 */
class JwtAuthenticationTest {
    private static final String ISSUER = "https://idp.acme.example";
    private static final long T = 1_767_225_600_000_000_000L;

    @TempDir
    Path dir;

    private static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
            .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).audience("historian")
            .expirationTime(new Date(System.currentTimeMillis() + 600_000)).claim("groups", List.of("operators"));
    }

    @Test
    void jwtsAreVerifiedAgainstTheJwksFile() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        Path data = dir.resolve("data");
        try (Historian historian = Historian.open(data)) {
            historian.writeDouble("acme/dallas/a", T, 1.0);
            historian.writeDouble("acme/houston/b", T, 2.0);
            Grants.of(data).add(new Grants.Grant("role:operators", Right.READ, "acme/dallas/#"));
            try (Security security = Security.of(data, false, new JwtSettings(jwks, ISSUER, "historian", null));
                 HistorianServer server = HistorianServer.start(historian, new HistorianServer.Settings("127.0.0.1", 0,
                     HistorianServer.DEFAULT_MAX_MESSAGE_BYTES, false, null, security), "test")) {
                String valid = sign(key, claims("alice").build());
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
                try {
                    assertEquals(List.of("acme/dallas/a"), latest(channel, sign(key, claims("alice").build())),
                        "the role's grant applies");

                    refused(channel, null, "no token");
                    String[] parts = valid.split("\\.");
                    String tamperedClaims = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                        claims("mallory").build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    refused(channel, parts[0] + "." + tamperedClaims + "." + parts[2], "tampered claims");
                    refused(channel, sign(other, claims("alice").build()), "signed by another key");
                    refused(channel, sign(key, claims("alice").expirationTime(new Date(System.currentTimeMillis()
                        - 3_600_000)).build()), "expired");
                    refused(channel, sign(key, claims("alice").issuer("https://evil.example").build()), "wrong issuer");
                    refused(channel, sign(key, claims("alice").audience("another-app").build()), "wrong audience");
                    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims("alice").build());
                    hmac.sign(new MACSigner(new byte[32]));
                    refused(channel, hmac.serialize(), "HMAC (symmetric) algorithm");
                    refused(channel, parts[0] + "." + parts[1] + ".", "signature stripped");

                    // the provider rotates its key: the new file is followed without a restart
                    Files.writeString(jwks, new JWKSet(other.toPublicJWK()).toString());
                    String rotated = sign(other, claims("alice").build());
                    io.unshistorian.testkit.Eventually.await(() -> {
                        try {
                            return latest(channel, rotated).size() == 1;
                        } catch (StatusRuntimeException e) {
                            return false;
                        }
                    }, "the rotated key to be accepted");
                } finally {
                    channel.shutdownNow();
                }
                String audit = Files.readString(security.auditPath());
                assertTrue(audit.lines().filter(l -> l.contains("\"event\":\"authentication_failed\"")).count() >= 8,
                    audit);
                assertTrue(!audit.contains(valid.substring(valid.length() - 20)), "tokens never reach the audit log");
            }
        }
    }

    private static List<String> latest(ManagedChannel channel, String jwt) {
        HistorianGrpc.HistorianBlockingStub stub = HistorianGrpc.newBlockingStub(channel);
        return (jwt == null ? stub : stub.withInterceptors(BearerToken.of(jwt))).latest(LatestRequest.newBuilder().setSelection(Selection.newBuilder().addFilters("#")).build())
            .getLatestList().stream().map(s -> s.getPath()).toList();
    }

    private static void refused(ManagedChannel channel, String jwt, String what) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> latest(channel, jwt), what);
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode(), what + ": " + e.getStatus());
    }
}
