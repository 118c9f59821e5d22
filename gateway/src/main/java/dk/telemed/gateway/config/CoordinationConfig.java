package dk.telemed.gateway.config;

import java.util.regex.Pattern;

/**
 * The coordination engine (ZooKeeper) that elects the one active gateway among several.
 *
 * @param connect            the ensemble, {@code host:port[,host:port...]}; empty: a single gateway
 *                           without an engine, always active
 * @param sessionTimeoutMs   how long the engine keeps a silent member's session, and so its
 *                           leadership; also how long a standby waits before it takes over from a
 *                           member that died
 * @param connectionTimeoutMs how long one attempt to reach a node of the ensemble may take
 * @param electionPath       the znode under which the members of one installation run their election
 * @param member             this gateway's name in the election and the logs; empty: the host name
 */
public record CoordinationConfig(String connect, long sessionTimeoutMs, long connectionTimeoutMs,
                                 String electionPath, String member) {
    /** host:port, host a name or an IPv4 address (IPv6 needs brackets, which ZooKeeper's parser lacks). */
    private static final Pattern SERVER = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?:[0-9]{1,5}");
    /** A znode path: absolute, no empty, "." or ".." segment, no trailing slash. */
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");
    private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** ZooKeeper's own defaults grant sessions of 2 to 20 ticks; beyond these a setting is a mistake. */
    static final long MIN_SESSION_MS = 2_000;
    static final long MAX_SESSION_MS = 120_000;

    public CoordinationConfig {
        connect = connect == null ? "" : connect.strip();
        electionPath = electionPath == null ? "" : electionPath;
        member = member == null ? "" : member.strip();
    }

    /** True when an engine is configured: this gateway is one of several and must be elected to act. */
    public boolean enabled() {
        return !connect.isEmpty();
    }

    /** The configured member name, or {@code hostName} when none is set. */
    public String memberOr(String hostName) {
        return member.isEmpty() ? hostName : member;
    }

    void validate(Problems p) {
        if (enabled()) {
            for (String server : connect.split(",", -1)) {
                String s = server.strip();
                boolean ok = SERVER.matcher(s).matches() && port(s) >= 1 && port(s) <= 65535;
                p.require(ok, "coordination.connect", "'" + s + "' is not host:port; the value is a comma-separated list"
                        + " of the engine's nodes, e.g. zk1:2181,zk2:2181,zk3:2181, or empty for a single gateway");
            }
        }
        p.between(sessionTimeoutMs, MIN_SESSION_MS, MAX_SESSION_MS, "coordination.sessionTimeoutMs");
        p.between(connectionTimeoutMs, 100, MAX_SESSION_MS, "coordination.connectionTimeoutMs");
        p.require(PATH.matcher(electionPath).matches() && !electionPath.startsWith("/zookeeper"),
                "coordination.electionPath", "'" + electionPath + "' is not an absolute znode path such as"
                        + " /telemed/election (letters, digits, . _ -; not under /zookeeper)");
        p.require(member.isEmpty() || MEMBER.matcher(member).matches(), "coordination.member",
                "'" + member + "' must be empty (the host name) or 1 to 64 letters, digits, . _ -, starting with"
                        + " a letter or digit");
    }

    private static int port(String server) {
        return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
    }
}
