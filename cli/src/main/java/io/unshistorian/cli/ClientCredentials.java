package io.unshistorian.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;

import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

import picocli.CommandLine.Option;

/**
 * How a client command proves itself to a server, the same for the gRPC API ({@link Connection})
 * and Arrow Flight ({@code historian export --server}): TLS trusting a CA, a client certificate
 * for mutual TLS, an API token or JWT.
 */
final class ClientCredentials {
    @Option(names = "--tls-ca", paramLabel = "PEM", description = "Talk TLS to the server, trusting these CA "
        + "certificates.")
    Path tlsCa;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Client certificate for a server that requires "
        + "one (mutual TLS); with --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The client certificate's private key.")
    Path tlsKey;

    @Option(names = "--token", paramLabel = "TOKEN", description = "API token (uhs_…) or identity-provider JWT for "
        + "a server started with --auth (default: the HISTORIAN_TOKEN environment variable).")
    String token;

    /** The token to send with every call (flag, else HISTORIAN_TOKEN), or null. */
    String token() {
        String value = token != null ? token : System.getenv("HISTORIAN_TOKEN");
        return value == null || value.isBlank() ? null : value;
    }

    /** True when the server is to be talked to over TLS. */
    boolean tls() {
        return tlsCa != null || tlsCert != null;
    }

    private void requireKeyPair() throws IOException {
        if ((tlsCert != null || tlsKey != null) && (tlsCert == null || tlsKey == null)) {
            throw new IOException("a client certificate needs both --tls-cert and --tls-key");
        }
    }

    /** gRPC channel credentials for a TLS server. */
    ChannelCredentials grpcTls() throws IOException {
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (tlsCa != null) {
            tls.trustManager(tlsCa.toFile());
        }
        requireKeyPair();
        if (tlsCert != null) {
            tls.keyManager(tlsCert.toFile(), tlsKey.toFile());
        }
        return tls.build();
    }

    /** An Arrow Flight client of {@code host:port}, over TLS when asked for. */
    FlightClient flightClient(BufferAllocator allocator, String host, int port) throws IOException {
        if (!tls()) {
            return FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build();
        }
        requireKeyPair();
        // The builder reads these streams in build(): whole files in memory, so nothing is left open.
        FlightClient.Builder builder = FlightClient.builder(allocator, Location.forGrpcTls(host, port));
        if (tlsCa != null) {
            builder.trustedCertificates(new ByteArrayInputStream(Files.readAllBytes(tlsCa)));
        }
        if (tlsCert != null) {
            builder.clientCertificate(new ByteArrayInputStream(Files.readAllBytes(tlsCert)),
                new ByteArrayInputStream(Files.readAllBytes(tlsKey)));
        }
        return builder.build();
    }

    /** The bearer token as a Flight call option; none without a token. */
    HeaderCallOption[] flightCallOptions() {
        if (token() == null) {
            return new HeaderCallOption[0];
        }
        FlightCallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + token());
        return new HeaderCallOption[] {new HeaderCallOption(headers)};
    }
}
