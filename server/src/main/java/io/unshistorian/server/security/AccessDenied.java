package io.unshistorian.server.security;

/** A call the caller's grants do not allow; each transport answers PERMISSION_DENIED with this message. */
public final class AccessDenied extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDenied(String message) {
        super(message, null, false, false);
    }
}
