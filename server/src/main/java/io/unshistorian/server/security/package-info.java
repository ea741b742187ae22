/** The server's security layer: TLS and mutual TLS for every listener, the caller's principal. */
package io.unshistorian.server.security;
