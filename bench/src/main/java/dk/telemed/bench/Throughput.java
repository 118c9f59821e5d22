package dk.telemed.bench;

import java.util.List;
import java.util.OptionalLong;

/**
 * How fast a consumer (the plain subscriber, or the gateway) took up what device-sim
 * published, from a counter sampled during the run. For the gateway the counter is readings
 * handled: stored, plus the few the interface says not to store (LO/HI glucose readings outside
 * the meter's range, about 6 in 100,000 of device-sim's; none are rejected).
 *
 * <p>The <b>sustained</b> rate is the counter's rise from shortly after publishing began (the
 * first {@value #SKIP_SHARE} of the run, at least {@value #MIN_SKIP_SECONDS} s, is start-up) to
 * the moment publishing ended: the consumer working while the load generator still competes
 * for the same cores, as it would under a steady stream. When the consumer kept up (little
 * left over when publishing ended), the figure is the publisher's rate and the consumer could
 * do more: {@code publisherBound} says so.
 *
 * @param readings           readings the broker acknowledged to device-sim
 * @param publishedPerSecond device-sim's own rate (acknowledged by the broker)
 * @param sustainedPerSecond see above
 * @param overallPerSecond   all readings over the time from the first publish to the last one taken up
 * @param behindAtEnd        readings published but not yet taken up when publishing ended
 * @param windowSeconds      length of the sustained window
 * @param publisherBound     the consumer had at most 2 % of the readings left when publishing ended
 */
public record Throughput(long readings, double publishedPerSecond, double sustainedPerSecond, double overallPerSecond,
                         long behindAtEnd, double windowSeconds, boolean publisherBound) {
    static final double SKIP_SHARE = 0.15;
    static final double MIN_SKIP_SECONDS = 2;

    /**
     * @param consumed samples of readings taken up since the run began (starting near 0)
     * @param report   device-sim's report of the run
     */
    public static Throughput of(List<Rates.Sample> consumed, DeviceSim.Report report) {
        long start = Clock.nanosOf(report.startedAt());
        long end = Clock.nanosOf(report.endedAt());
        return of(consumed, start, end, report.readingsAcked(), report.readingsPerSecond());
    }

    static Throughput of(List<Rates.Sample> consumed, long startNanos, long endNanos, long readings, double published) {
        double runSeconds = (endNanos - startNanos) / 1e9;
        double skip = Math.max(MIN_SKIP_SECONDS, SKIP_SHARE * runSeconds);
        long from = startNanos + (long) (Math.min(skip, runSeconds / 2) * 1e9);
        double sustained = Rates.perSecond(consumed, from, endNanos);
        long behind = Math.max(0, Math.round(readings - Rates.valueAt(consumed, endNanos)));
        OptionalLong allAt = Rates.firstReaching(consumed, readings);
        double overall = allAt.isPresent() ? readings / ((allAt.getAsLong() - startNanos) / 1e9) : Double.NaN;
        return new Throughput(readings, published, sustained, overall, behind, (endNanos - from) / 1e9,
                behind <= 0.02 * readings);
    }
}
