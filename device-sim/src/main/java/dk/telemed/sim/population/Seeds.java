package dk.telemed.sim.population;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the user's seed.
 *
 * <p>Each patient, device, episode slot and day gets its own stream keyed by what it is, not by
 * the order in which things happen to be generated. That keeps patient 7 the same whether the
 * population has 10 or 10,000 patients, and lets an episode be looked up at any time without
 * replaying everything before it.
 */
public final class Seeds {

    private Seeds() {
    }

    /** A well-mixed 64-bit key from a seed and any number of parts (SplitMix64 finaliser). */
    public static long key(long seed, long... parts) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (long part : parts) {
            h = mix(h ^ mix(part + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    public static SplittableRandom random(long seed, long... parts) {
        return new SplittableRandom(key(seed, parts));
    }

    /** A uniform double in [0, 1) from a key, for one-off draws that need no stream. */
    public static double unit(long key) {
        return (key >>> 11) * 0x1.0p-53;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
