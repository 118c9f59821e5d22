package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The secure mode of {@link MosquittoServer}: the project's {@code config/mosquitto-secure.conf}
 * (the loopback listener for the gateway's accounts only, a TLS listener for every other
 * account with the client id bound to the account, no anonymous clients, ACL from
 * {@code config/mosquitto-acl.conf}), with a CA and server certificate made by
 * {@code scripts/tls-setup.sh} and the accounts a test names. Build it, then pass it to
 * {@link MosquittoServer#startSecure}.
 */
public final class BrokerSecurity {
    /** The gateway's account name in the shipped ACL. */
    public static final String GATEWAY_USER = "gateway";
    /** The simulator hub's account name in the shipped ACL. */
    public static final String SIMULATOR_USER = "device-sim";
    private static final String PASSWD_BINARY = System.getProperty("telemed.mosquitto_passwd.bin", "/usr/bin/mosquitto_passwd");

    private final Map<String, String> accounts = new LinkedHashMap<>();
    private final Map<String, String> gatewayAccounts = new LinkedHashMap<>();
    private final List<String> aclLines = new ArrayList<>();

    private BrokerSecurity() {
    }

    public static BrokerSecurity create() {
        return new BrokerSecurity();
    }

    /**
     * An account of the gateway's listener (the loopback one, {@link MosquittoServer#url()}); the
     * shipped ACL's rights are those of {@link #GATEWAY_USER}.
     */
    public BrokerSecurity gatewayAccount(String username, String password) {
        gatewayAccounts.put(username, password);
        return this;
    }

    /**
     * An account of the devices' TLS listener ({@link MosquittoServer#tlsUrl()}); for a device the
     * username is its deviceId (the ACL's %u patterns), and it is also its client id there.
     */
    public BrokerSecurity account(String username, String password) {
        accounts.put(username, password);
        return this;
    }

    /** A care team's alert consumer: may read {@code telemed/v1/alerts/{team}/#} only. */
    public BrokerSecurity alertConsumer(String username, String password, String careTeam) {
        account(username, password);
        aclLines.add("user " + username);
        aclLines.add("topic read telemed/v1/alerts/" + careTeam + "/#");
        return this;
    }

    /** Writes tls/, passwd and acl under {@code dir}; returns the template's values for them. */
    Map<String, String> writeFiles(Path dir) {
        try {
            Path tls = dir.resolve("tls");
            TestTls.makeCertificates(tls);
            Path passwd = dir.resolve("passwd");
            Files.writeString(passwd, "");
            for (Map.Entry<String, String> a : accounts.entrySet()) {
                addAccount(passwd, a.getKey(), a.getValue());
            }
            Path gatewayPasswd = dir.resolve("gateway-passwd");
            Files.writeString(gatewayPasswd, "");
            for (Map.Entry<String, String> a : gatewayAccounts.entrySet()) {
                addAccount(gatewayPasswd, a.getKey(), a.getValue());
            }
            Path acl = dir.resolve("acl");
            String extra = aclLines.isEmpty() ? "" : "\n# --- added by the test ---\n" + String.join("\n", aclLines) + "\n";
            Files.writeString(acl, Files.readString(ProjectRoot.config("mosquitto-acl.conf")) + extra);
            return Map.of(
                    "TLS_BIND", "127.0.0.1",
                    "CA_FILE", Templates.configSafe(tls.resolve("ca.crt")),
                    "CERT_FILE", Templates.configSafe(tls.resolve("server.crt")),
                    "KEY_FILE", Templates.configSafe(tls.resolve("server.key")),
                    "PASSWORD_FILE", Templates.configSafe(passwd),
                    "GATEWAY_PASSWORD_FILE", Templates.configSafe(gatewayPasswd),
                    "ACL_FILE", Templates.configSafe(acl));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker's security files under " + dir, e);
        }
    }

    /** Adds or replaces an account in a mosquitto password file (a salted hash, as the operator's tool makes it). */
    static void addAccount(Path passwordFile, String username, String password) {
        run(List.of(PASSWD_BINARY, "-b", passwordFile.toString(), username, password), passwordFile.getParent());
    }

    /** Removes an account from a mosquitto password file. */
    static void removeAccount(Path passwordFile, String username) {
        run(List.of(PASSWD_BINARY, "-D", passwordFile.toString(), username), passwordFile.getParent());
    }

    private static void run(List<String> command, Path dir) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                // The command line holds a password for mosquitto_passwd: name the program only.
                throw new IllegalStateException(command.get(0) + " " + command.get(1) + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
