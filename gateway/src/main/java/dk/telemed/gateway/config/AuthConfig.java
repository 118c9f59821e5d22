package dk.telemed.gateway.config;

/** Sign-in: the users file, how long a session lasts, and how failed sign-ins are slowed down. */
public record AuthConfig(String users, int sessionIdleSeconds, int sessionLifetimeSeconds, int freeFailures, int freeFailuresPerAddress,
                         long failureDelayInitialMs, long failureDelayMaxMs, int failureMemorySeconds,
                         int verifyThreads) {
    void validate(Problems p) {
        p.require(users != null, "auth.users", "must be a path, or \"\" for no users file");
        p.atLeast(sessionIdleSeconds, 1, "auth.sessionIdleSeconds");
        p.atLeast(sessionLifetimeSeconds, 1, "auth.sessionLifetimeSeconds");
        p.require(sessionLifetimeSeconds >= sessionIdleSeconds, "auth.sessionLifetimeSeconds",
                "must be at least auth.sessionIdleSeconds (" + sessionIdleSeconds + "), is " + sessionLifetimeSeconds);
        p.atLeast(freeFailures, 0, "auth.freeFailures");
        p.atLeast(freeFailuresPerAddress, 0, "auth.freeFailuresPerAddress");
        p.atLeast(failureDelayInitialMs, 1, "auth.failureDelayInitialMs");
        p.require(failureDelayMaxMs >= failureDelayInitialMs, "auth.failureDelayMaxMs",
                "must be at least auth.failureDelayInitialMs (" + failureDelayInitialMs + "), is " + failureDelayMaxMs);
        p.require(failureMemorySeconds * 1000L >= failureDelayMaxMs, "auth.failureMemorySeconds",
                "must be at least auth.failureDelayMaxMs in seconds (" + (failureDelayMaxMs + 999) / 1000 + "), is "
                        + failureMemorySeconds);
        p.between(verifyThreads, 1, 64, "auth.verifyThreads");
    }
}
