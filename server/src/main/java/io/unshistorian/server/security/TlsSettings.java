package io.unshistorian.server.security;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for the server's listeners (gRPC and Arrow Flight): a PEM certificate chain and its PEM
 * private key, and — for mutual TLS — a PEM file of the CA certificates that sign client
 * certificates. With a client CA, every connection must present a certificate it signed, and the
 * certificate's subject becomes the caller's principal.
 *
 * @param clientCa null: clients are not asked for certificates
 */
public record TlsSettings(Path certificateChain, Path privateKey, Path clientCa) {
    public TlsSettings {
        check(certificateChain, "TLS certificate (--tls-cert)");
        check(privateKey, "TLS private key (--tls-key)");
        if (clientCa != null) {
            check(clientCa, "client CA (--tls-client-ca)");
        }
    }

    /** Whether clients authenticate with certificates. */
    public boolean mutual() {
        return clientCa != null;
    }

    private static void check(Path file, String what) {
        if (file == null) {
            throw new IllegalArgumentException(what + " is not set");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " is not a readable file");
        }
    }
}
