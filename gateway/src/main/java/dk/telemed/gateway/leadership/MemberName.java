package dk.telemed.gateway.leadership;

import dk.telemed.gateway.config.CoordinationConfig;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** This gateway's name in the election: the configured one, else the host name. */
final class MemberName {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    private MemberName() {
    }

    static String of(CoordinationConfig config) {
        return config.memberOr(hostName());
    }

    /** The host's name, reduced to the characters a member name may have. */
    static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "");
        }
        String safe = UNSAFE.matcher(name).replaceAll("-");
        return safe.isEmpty() ? "gateway" : safe.substring(0, Math.min(64, safe.length()));
    }
}
