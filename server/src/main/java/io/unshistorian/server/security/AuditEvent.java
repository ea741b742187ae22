package io.unshistorian.server.security;

/**
 * One line of the audit log (docs/format/audit-log.md).
 *
 * @param event     what happened: {@code authentication_failed}, {@code denied}, {@code writes},
 *                  {@code grant_added}, {@code grant_revoked}, {@code limits_set}, {@code token_created},
 *                  {@code token_revoked}, {@code server_started}
 * @param principal who ({@code anonymous} when not authenticated; the operating-system user for CLI changes)
 * @param remote    from where: the peer address, or {@code local} for the CLI
 * @param action    the operation: an RPC method ({@code historian.v1.Historian/ReadRaw}), a Flight
 *                  call, or a CLI command
 * @param namespace the paths or filters it touched, as the caller gave them
 * @param allowed   whether it was allowed
 * @param detail    why it was refused, or counts for a summary
 */
public record AuditEvent(String event, String principal, String remote, String action, String namespace,
                         boolean allowed, String detail) {
    public static AuditEvent denied(Principal principal, String remote, String action, String namespace, String why) {
        return new AuditEvent("denied", principal.name(), remote, action, namespace, false, why);
    }
}
