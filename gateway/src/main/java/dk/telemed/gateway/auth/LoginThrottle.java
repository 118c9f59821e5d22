package dk.telemed.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing: failed sign-ins are counted per username and per client
 * address; after the free failures (more for an address than for a username) each further one blocks that key for a delay
 * doubling from {@code initialDelay} up to {@code maxDelay}. While a key is blocked, a sign-in
 * is refused without checking the password, so a blocked guesser learns nothing even by
 * guessing right. A sign-in is counted as a failure when it is admitted for checking, before
 * the password is checked, and taken back when it was right: many guesses sent at once are
 * admitted no more often than the same guesses one after the other.
 * Memory is bounded: at most {@code capacity} keys are remembered.
 */
public final class LoginThrottle {
    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final Clock clock;
    private final int freeUserFailures;
    private final int freeAddressFailures;
    private final Duration initialDelay;
    private final Duration maxDelay;
    private final Duration memory;
    private final int capacity;
    private final Map<String, Failures> byKey = new LinkedHashMap<>(16, 0.75f, true);

    /**
     * @param freeUserFailures    failures of one username before it is blocked
     * @param freeAddressFailures failures from one address before it is blocked: higher, since
     *                            a care home's office or a proxy puts many people behind one address
     */
    public LoginThrottle(Clock clock, int freeUserFailures, int freeAddressFailures, Duration initialDelay,
                         Duration maxDelay, Duration memory, int capacity) {
        this.clock = clock;
        this.freeUserFailures = freeUserFailures;
        this.freeAddressFailures = freeAddressFailures;
        this.initialDelay = initialDelay;
        this.maxDelay = maxDelay;
        this.memory = memory;
        this.capacity = capacity;
    }

    /** How long this username or address must still wait before a sign-in is checked; empty when it may try now. */
    public synchronized Optional<Duration> blocked(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : keys(username, address)) {
            Failures f = byKey.get(key);
            if (f != null && now.isBefore(f.blockedUntil())) {
                Duration left = Duration.between(now, f.blockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    /**
     * Admits a sign-in for the password check, counting it as a failure now (see
     * {@link #succeeded}); or, when the username or address is blocked, how long it must wait.
     */
    public synchronized Optional<Duration> admit(String username, String address) {
        Optional<Duration> wait = blocked(username, address);
        if (wait.isEmpty()) {
            failed(username, address);
        }
        return wait;
    }

    public synchronized void failed(String username, String address) {
        Instant now = clock.instant();
        count(userKey(username), freeUserFailures, now);
        count(addressKey(address), freeAddressFailures, now);
        while (byKey.size() > capacity) {
            // Access order: the key not seen the longest goes first.
            byKey.remove(byKey.keySet().iterator().next());
        }
    }

    private void count(String key, int free, Instant now) {
        Failures old = byKey.get(key);
        int count = old == null || forgotten(old, now) ? 1 : old.count() + 1;
        byKey.put(key, new Failures(count, now, now.plus(delay(count, free))));
    }

    /**
     * A correct password clears the username's count; the address only loses the attempt that
     * {@link #admit} counted, so one good account cannot launder guesses at others.
     */
    public synchronized void succeeded(String username, String address) {
        byKey.remove(userKey(username));
        Failures f = byKey.get(addressKey(address));
        if (f == null) {
            return;
        }
        int count = f.count() - 1;
        if (count <= 0) {
            byKey.remove(addressKey(address));
        } else {
            Instant until = delay(count, freeAddressFailures).isZero() ? f.last() : f.blockedUntil();
            byKey.put(addressKey(address), new Failures(count, f.last(), until));
        }
    }

    public synchronized void sweep() {
        Instant now = clock.instant();
        byKey.values().removeIf(f -> forgotten(f, now));
    }

    Duration delay(int failures, int free) {
        int over = failures - free;
        if (over <= 0) {
            return Duration.ZERO;
        }
        long factor = 1L << Math.min(over - 1, 40);
        long millis = initialDelay.toMillis() > maxDelay.toMillis() / factor ? maxDelay.toMillis()
                : initialDelay.toMillis() * factor;
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }

    private boolean forgotten(Failures f, Instant now) {
        return !now.isBefore(f.last().plus(memory)) && !now.isBefore(f.blockedUntil());
    }

    private static String[] keys(String username, String address) {
        return new String[] {userKey(username), addressKey(address)};
    }

    private static String addressKey(String address) {
        return "addr:" + address;
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase(Locale.ROOT);
    }
}
