package dk.telemed.sim.physiology;

import dk.telemed.sim.population.Patient;
import dk.telemed.sim.population.Seeds;
import dk.telemed.sim.population.Stream;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When a patient has bad days. Stateless apart from a one-slot cache: the episode in a slot is a
 * pure function of (seed, patient, kind, slot), so realtime and history runs agree and nothing
 * has to be replayed from the beginning of time.
 */
public final class EpisodeCalendar {

    private final long seed;
    private final Patient patient;
    private final long[] phase = new long[EpisodeKind.values().length];
    private final long[] cachedSlot = new long[EpisodeKind.values().length];
    private final Episode[] cachedEpisode = new Episode[EpisodeKind.values().length];

    public EpisodeCalendar(long seed, Patient patient) {
        this.seed = seed;
        this.patient = patient;
        for (EpisodeKind kind : EpisodeKind.values()) {
            // A per-patient phase keeps slot boundaries, and so episodes, from lining up across patients.
            double u = Seeds.unit(Seeds.key(seed, Stream.EPISODE_PHASE.ordinal(), patient.index(), kind.ordinal()));
            phase[kind.ordinal()] = (long) (u * kind.slotMillis());
            cachedSlot[kind.ordinal()] = Long.MIN_VALUE;
        }
    }

    /** The episode of that kind going on at {@code t}, or null. */
    public Episode active(EpisodeKind kind, long t) {
        if (!prone(kind)) {
            return null;
        }
        long slot = Math.floorDiv(t - phase[kind.ordinal()], kind.slotMillis());
        Episode e = inSlot(kind, slot);
        return e != null && e.contains(t) ? e : null;
    }

    /** Episodes of that kind overlapping [from, to), in time order. */
    public List<Episode> between(EpisodeKind kind, long from, long to) {
        List<Episode> result = new ArrayList<>();
        if (!prone(kind)) {
            return result;
        }
        long first = Math.floorDiv(from - phase[kind.ordinal()], kind.slotMillis());
        long last = Math.floorDiv(to - 1 - phase[kind.ordinal()], kind.slotMillis());
        for (long slot = first; slot <= last; slot++) {
            Episode e = inSlot(kind, slot);
            if (e != null && e.end() > from && e.start() < to) {
                result.add(e);
            }
        }
        return result;
    }

    private Episode inSlot(EpisodeKind kind, long slot) {
        int k = kind.ordinal();
        if (cachedSlot[k] == slot) {
            return cachedEpisode[k];
        }
        Episode e = generate(kind, slot);
        cachedSlot[k] = slot;
        cachedEpisode[k] = e;
        return e;
    }

    private Episode generate(EpisodeKind kind, long slot) {
        SplittableRandom r = Seeds.random(seed, Stream.EPISODE_SLOT.ordinal(), patient.index(), kind.ordinal(), slot);
        if (r.nextDouble() >= kind.probability()) {
            return null;
        }
        long slotStart = phase[kind.ordinal()] + slot * kind.slotMillis();
        long start = slotStart + r.nextLong(kind.slotMillis() - kind.maxDuration());
        long peakStart = start + between(r, kind.onsetMin(), kind.onsetMax());
        long peakEnd = peakStart + between(r, kind.plateauMin(), kind.plateauMax());
        long end = peakEnd + between(r, kind.recoveryMin(), kind.recoveryMax());
        return new Episode(kind, start, peakStart, peakEnd, end, r.nextDouble());
    }

    private static long between(SplittableRandom r, long min, long max) {
        return min + r.nextLong(max - min + 1);
    }

    private boolean prone(EpisodeKind kind) {
        return patient.has(kind.condition()) && (kind != EpisodeKind.HYPO || patient.canGoHypo());
    }
}
