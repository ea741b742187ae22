package io.unshistorian.server.security;

import java.util.List;

/**
 * Who is calling: one name ({@code token:NAME}, {@code cert:SUBJECT}, {@code jwt:SUBJECT} or
 * {@code anonymous}) and the roles an identity provider gave it ({@code role:NAME}, from a JWT's
 * groups). Grants name either. The same model behind API tokens, client certificates and JWTs.
 */
public record Principal(String name, List<String> roles) {
    public static final Principal ANONYMOUS = new Principal("anonymous", List.of());

    public Principal {
        roles = List.copyOf(roles);
    }

    public static Principal of(String name) {
        return new Principal(name, List.of());
    }

    /** Whether a grant to {@code grantee} applies to this principal: its name, one of its roles, or {@code *}. */
    public boolean is(String grantee) {
        return grantee.equals("*") || grantee.equals(name) || roles.contains(grantee);
    }

    /** One line of text (name, then roles, newline-separated) to carry a principal through Flight's peer identity. */
    public String toIdentity() {
        return roles.isEmpty() ? name : name + "\n" + String.join("\n", roles);
    }

    public static Principal fromIdentity(String identity) {
        if (identity == null || identity.isEmpty()) {
            return ANONYMOUS;
        }
        String[] parts = identity.split("\n");
        return new Principal(parts[0], List.of(parts).subList(1, parts.length));
    }

    @Override
    public String toString() {
        return roles.isEmpty() ? name : name + " " + roles;
    }
}
