package dk.telemed.testsupport;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** TLS for tests: trusting a project CA, and making a CA and server certificate with the project's script. */
public final class TestTls {
    private TestTls() {
    }

    /** A TLS context that trusts exactly the certificates in a PEM file. */
    public static SSLContext trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + caPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + caPem + ": " + e, e);
        }
    }

    /** A server's TLS context from a PEM certificate chain and its PKCS#8 PEM private key (as openssl writes them). */
    public static SSLContext serverContext(Path certificatePem, Path keyPem) {
        try (InputStream in = Files.newInputStream(certificatePem)) {
            List<Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            String base64 = Files.readString(keyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            java.security.PrivateKey key = java.security.KeyFactory.getInstance("RSA")
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(base64)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry("server", key, password, chain.toArray(Certificate[]::new));
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + certificatePem + " or " + keyPem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use " + certificatePem + " and " + keyPem + ": " + e, e);
        }
    }

    /**
     * Runs {@code scripts/tls-setup.sh dir}: {@code ca.crt}, {@code ca.key}, {@code server.crt}
     * and {@code server.key} (for localhost and 127.0.0.1) under {@code dir}, which is returned.
     */
    public static Path makeCertificates(Path dir) {
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(List.of("bash", ProjectRoot.find().resolve("scripts/tls-setup.sh").toString(),
                    dir.toString())).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("scripts/tls-setup.sh " + dir + " failed: " + output);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run scripts/tls-setup.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making certificates", e);
        }
    }
}
