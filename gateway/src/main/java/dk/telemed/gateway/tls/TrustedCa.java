package dk.telemed.gateway.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * Trust in exactly the certificate authorities of one PEM file (a project-local CA), for the
 * broker and InfluxDB connections. Certificates are still fully verified, host name included;
 * only the set of trusted roots changes.
 */
public final class TrustedCa {
    private final X509TrustManager trustManager;
    private final SSLContext sslContext;

    private TrustedCa(X509TrustManager trustManager, SSLContext sslContext) {
        this.trustManager = trustManager;
        this.sslContext = sslContext;
    }

    /** Reads the PEM file; a file without a usable certificate is an error that names it. */
    public static TrustedCa fromPem(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("the CA file " + pem + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509TrustManager manager = null;
            for (TrustManager m : factory.getTrustManagers()) {
                if (m instanceof X509TrustManager x) {
                    manager = x;
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {manager}, null);
            return new TrustedCa(manager, context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the CA file " + pem + ": " + e.getMessage(), e);
        }
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    public SSLContext sslContext() {
        return sslContext;
    }
}
