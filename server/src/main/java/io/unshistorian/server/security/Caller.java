package io.unshistorian.server.security;

import io.grpc.Context;

/** Who makes the current call and from where (the peer address), as the authentication layer found. */
public record Caller(Principal principal, String remote) {
    /** The caller of the current gRPC call. */
    public static final Context.Key<Caller> KEY = Context.key("historian-caller");
    /** A call from inside the process (an in-process server, a test): anonymous, local. */
    public static final Caller IN_PROCESS = new Caller(Principal.ANONYMOUS, "in-process");

    /** The caller of the current call, or {@link #IN_PROCESS} outside an authenticated call. */
    public static Caller current() {
        Caller caller = KEY.get();
        return caller == null ? IN_PROCESS : caller;
    }
}
