package dk.telemed.sim.mqtt;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Map;

/**
 * The simulator's broker account and trusted CA for a broker in secure mode, from the
 * environment (a password on the command line would show in the process list):
 * {@code TELEMED_SIM_MQTT_USERNAME}, {@code TELEMED_SIM_MQTT_PASSWORD_FILE} (its first line)
 * and {@code TELEMED_SIM_MQTT_CA_FILE} (PEM, for ssl://). Unset: anonymous, JVM trust store.
 */
record BrokerAccess(String username, Path passwordFile, Path caFile) {
    static BrokerAccess fromEnvironment(Map<String, String> env) {
        String user = env.getOrDefault("TELEMED_SIM_MQTT_USERNAME", "");
        String password = env.getOrDefault("TELEMED_SIM_MQTT_PASSWORD_FILE", "");
        String ca = env.getOrDefault("TELEMED_SIM_MQTT_CA_FILE", "");
        return new BrokerAccess(user, password.isEmpty() ? null : Path.of(password), ca.isEmpty() ? null : Path.of(ca));
    }

    /** Sets the account and, for TLS, a socket factory trusting exactly the CA file. */
    void applyTo(MqttConnectionOptions options) {
        try {
            if (!username.isEmpty()) {
                options.setUserName(username);
                if (passwordFile != null) {
                    String password = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                    options.setPassword(password.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (caFile != null) {
                options.setSocketFactory(trusting(caFile).getSocketFactory());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the broker credentials or CA file: " + e.getMessage(), e);
        }
    }

    private static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
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
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the CA file " + pem + ": " + e.getMessage(), e);
        }
    }
}
