package dk.telemed.sim.physiology;

/**
 * One bad spell: it builds up from {@code start} to {@code peakStart}, stays at its worst until
 * {@code peakEnd} and wears off by {@code end}.
 *
 * @param severity 0 (mild) … 1 (severe); every magnitude of the episode scales with it
 */
public record Episode(EpisodeKind kind, long start, long peakStart, long peakEnd, long end, double severity) {

    /** 0 outside the episode, 1 at its worst, smooth in between. */
    public double intensity(long t) {
        if (t < start || t >= end) {
            return 0;
        }
        if (t < peakStart) {
            return smoothstep((t - start) / (double) (peakStart - start));
        }
        if (t < peakEnd) {
            return 1;
        }
        return 1 - smoothstep((t - peakEnd) / (double) (end - peakEnd));
    }

    public boolean contains(long t) {
        return t >= start && t < end;
    }

    public boolean atPeak(long t) {
        return t >= peakStart && t < peakEnd;
    }

    private static double smoothstep(double x) {
        return x * x * (3 - 2 * x);
    }
}
