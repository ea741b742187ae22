package io.unshistorian.export;

import java.util.Optional;

import io.unshistorian.server.security.ApiTokens;

import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.auth2.CallHeaderAuthenticator;

/** Flight's side of API tokens: every call carries {@code authorization: Bearer uhs_…} of an active token. */
final class FlightTokenAuthenticator implements CallHeaderAuthenticator {
    private final ApiTokens tokens;

    FlightTokenAuthenticator(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public AuthResult authenticate(CallHeaders headers) {
        String header = headers.get("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw CallStatus.UNAUTHENTICATED.withDescription("this server requires an API token "
                + "(authorization: Bearer uhs_…)").toRuntimeException();
        }
        Optional<String> name = tokens.verify(header.substring(7).strip());
        if (name.isEmpty()) {
            throw CallStatus.UNAUTHENTICATED.withDescription("the API token is not valid: revoked, mistyped, or from "
                + "another historian").toRuntimeException();
        }
        String principal = "token:" + name.get();
        return () -> principal;
    }
}
