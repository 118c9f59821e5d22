package dk.telemed.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate for 127.0.0.1 made with openssl in a test's directory (PEM
 * certificate and unencrypted PEM key, valid for a day), and an SSLContext that trusts it and
 * nothing else. Never committed: each test run makes its own.
 */
public final class SelfSignedCert {
    private final Path certFile;
    private final Path keyFile;

    private SelfSignedCert(Path certFile, Path keyFile) {
        this.certFile = certFile;
        this.keyFile = keyFile;
    }

    public static SelfSignedCert create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path cert = dir.resolve("cert.pem").toAbsolutePath();
            Path key = dir.resolve("key.pem").toAbsolutePath();
            Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-newkey", "ec",
                    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.toString(), "-out", cert.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                openssl.destroyForcibly();
                throw new IllegalStateException("openssl could not make a certificate: "
                        + Files.readString(dir.resolve("openssl.log")));
            }
            return new SelfSignedCert(cert, key);
        } catch (IOException e) {
            throw new IllegalStateException("openssl is needed for TLS tests: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path certFile() {
        return certFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** Trusts exactly this certificate. */
    public SSLContext sslContext() {
        try (InputStream in = Files.newInputStream(certFile)) {
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("gateway", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certFile + ": " + e, e);
        }
    }
}
