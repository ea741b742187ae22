package io.unshistorian.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PKI for TLS tests, made with the {@code openssl} command: a CA ({@code ca.pem}), a
 * server certificate for 127.0.0.1 and localhost ({@code server.pem}, {@code server.key}), a
 * client certificate ({@code client.pem}, {@code client.key}, and {@code client.p12} with password
 * {@value #P12_PASSWORD}), all PEM, keys PKCS#8. {@link #make(Path, String)} with another name
 * makes a second, unrelated CA.
 */
public final class TestCertificates {
    public static final String P12_PASSWORD = "secret";

    private final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    public static boolean opensslInstalled() {
        return Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    public static TestCertificates make(Path directory) throws IOException {
        return make(directory, "test-ca");
    }

    /** A CA named {@code caName}, and the server and client certificates it signs. */
    public static TestCertificates make(Path directory, String caName) throws IOException {
        Files.createDirectories(directory);
        TestCertificates pki = new TestCertificates(directory);
        pki.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days",
            "2", "-subj", "/CN=" + caName);
        pki.certificate("server", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        pki.certificate("client", "/O=acme/CN=historian-client", "extendedKeyUsage=clientAuth");
        pki.openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
            "-passout", "pass:" + P12_PASSWORD);
        return pki;
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    public Path ca() {
        return file("ca.pem");
    }

    private void certificate(String name, String subject, String extension) throws IOException {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
            subject);
        Files.writeString(directory.resolve(name + ".ext"), extension + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out",
            name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private void openssl(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("openssl " + String.join(" ", arguments) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
