package dk.telemed.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The burst phase's section of the results: the burst beside the fixed-rate search of the same run, and the interleaved row. */
final class BurstReport {
    private BurstReport() {
    }

    static void section(StringBuilder md, Results r) {
        Burst.Result b = r.burst();
        if (b == null) {
            return;
        }
        md.append("## Burst, interleaved readings, and the broker with lean publishers\n\n");
        md.append(Burst.DEVICES).append(" devices (a patient each, each device's readings in time order) over ").append(Burst.PUBLISHERS)
                .append(" lean Paho publishers (bench/README.md), publishing QoS 1 as fast as the broker acknowledges;"
                        + " the gateway's rate while they publish, and over the whole burst until the last reading was"
                        + " handled; every reading counted in InfluxDB. The sustained row is the fixed-rate search of this run"
                        + " (device-sim as load), when it ran. Each burst follows a raw ceiling at once; where a packing"
                        + " ran in several such pairs, the table gives the median round and the median of the pairs' ratios.\n\n");
        md.append("| | single-reading messages | batches of 20 readings |\n|---|---|---|\n");
        row(md, "raw broker with lean publishers: QoS 1 messages/s to a plain Paho subscriber (publishers' cores)", m -> {
            Burst.Raw x = b.raw(m);
            return x == null ? "–" : Log.n(x.messagesPerSecond()) + " msg/s (" + Log.d2(x.publisherCores()) + ")";
        });
        row(md, "**gateway under a burst: readings/s stored while publishing**", m -> {
            Burst.Gateway g = b.gateway(m);
            return g == null ? "–" : "**" + Log.n(g.readings().sustainedPerSecond()) + "**";
        });
        row(md, "gateway under a burst: readings/s from the first publish to the last reading handled", m -> {
            Burst.Gateway g = b.gateway(m);
            return g == null ? "–" : Log.n(g.readings().overallPerSecond());
        });
        row(md, "gateway sustained, fixed-rate search of this run", m -> {
            EndToEnd.Result g = r.gateway(m);
            return g == null || Double.isNaN(g.sustainedPerSecond()) ? "–" : Log.n(g.sustainedPerSecond());
        });
        row(md, "burst ÷ sustained", m -> ratio(burst(b, m), r.gateway(m) == null ? Double.NaN : r.gateway(m).sustainedPerSecond()));
        row(md, "burst ÷ raw broker with lean publishers (same packing, messages/s)", m -> d2(b.share(m)));
        row(md, "pairs: raw msg/s → gateway readings/s stored while publishing (ratio)", m -> rounds(b, m));
        row(md, "burst: readings the broker acknowledged / new in InfluxDB", m -> {
            Burst.Gateway g = b.gateway(m);
            return g == null ? "–" : Log.n(g.readings().readings()) + " / " + Log.n(g.storedInInflux());
        });
        row(md, "burst CPU: gateway / broker / InfluxDB / publishers (cores)", m -> {
            Burst.Gateway g = b.gateway(m);
            return g == null ? "–" : Log.d2(g.gatewayCores()) + " / " + Log.d2(g.brokerCores()) + " / " + Log.d2(g.influxCores())
                    + " / " + Log.d2(g.publisherCores());
        });
        row(md, "burst: most messages the gateway held unacknowledged", m -> {
            Burst.Gateway g = b.gateway(m);
            return g == null ? "–" : Log.n(g.maxUnacknowledged());
        });
        row(md, "burst: gateway cores by thread group, first publish to last reading handled", m -> {
            Burst.Gateway g = b.gateway(m);
            return g == null || g.threads() == null ? "–" : g.threads().entrySet().stream()
                    .map(t -> t.getKey() + " " + Log.d2(t.getValue())).collect(Collectors.joining(", "));
        });
        md.append('\n');
        targets(md, b);
        Burst.Interleaved i = b.interleaved();
        if (i != null) {
            md.append(String.format(Locale.ROOT, "One patient's last hour, %s single-reading messages, readings/s from the first publish"
                            + " until the gateway handled the last: **%s** from one device in time order, **%s** from two devices"
                            + " interleaved in time (one lean publisher each); ratio **%s**, target ≥ %s: **%s**. InfluxDB used %s"
                            + " cores meanwhile in time order, %s interleaved. Points stored: %s and %s.%n%n",
                    Log.n(i.readings()), Log.n(i.inOrderPerSecond()), Log.n(i.interleavedPerSecond()), Log.d2(i.share()),
                    Log.d2(Burst.TARGET_INTERLEAVED_SHARE), Report.met(i.met()), Log.d2(i.influxCoresInOrder()),
                    Log.d2(i.influxCoresInterleaved()), Log.n(i.storedInOrder()), Log.n(i.storedInterleaved())));
        }
    }

    /** The README's rows of the burst: the all-cores targets' figures and the interleaved row. */
    static String readmeRows(Burst.Result b) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "| gateway under a burst from %d lean publishers, readings/s stored while they publish | %s | %s |%n",
                Burst.PUBLISHERS, Double.isNaN(burst(b, 1)) ? "–" : Log.n(burst(b, 1)),
                Double.isNaN(burst(b, 20)) ? "–" : Log.n(burst(b, 20))));
        md.append(String.format(Locale.ROOT, "| burst ÷ raw broker with the same publishers, measured just before (median of %s) | %s | %s |%n",
                b.shares(1).size() == 1 ? "1 pair" : b.shares(1).size() + " pairs",
                d2(b.share(1)), d2(b.share(20))));
        Burst.Interleaved i = b.interleaved();
        if (i != null) {
            md.append(String.format(Locale.ROOT, "| one patient's hour from two devices interleaved ÷ from one in time order (readings/s) | %s"
                            + " (%s ÷ %s) | |%n", Log.d2(i.share()), Log.n(i.interleavedPerSecond()), Log.n(i.inOrderPerSecond())));
        }
        return md.toString();
    }

    /** The all-cores targets, both taken from the burst: the publishers there are not what limits the rate. */
    private static void targets(StringBuilder md, Burst.Result b) {
        Burst.Gateway batch = b.gateway(20);
        Burst.Gateway single = b.gateway(1);
        double share = b.share(1);
        if (batch == null || single == null || Double.isNaN(share)) {
            return;
        }
        md.append(String.format(Locale.ROOT, "Targets: with batches of 20, ≥ %s readings/s stored while the publishers sent: **%s** (%s"
                        + " over %s s, publishers sending %s/s). With single-reading messages, ≥ %s of the raw broker with the same"
                        + " publishers: **%s** (%s, the median of %s).%n%n",
                Log.n(Burst.TARGET_BATCH_READINGS_PER_SECOND),
                Report.met(batch.readings().sustainedPerSecond() >= Burst.TARGET_BATCH_READINGS_PER_SECOND),
                Log.n(batch.readings().sustainedPerSecond()), Log.d1(batch.readings().windowSeconds()),
                Log.n(batch.readings().publishedPerSecond()), Log.d2(Burst.TARGET_SINGLE_SHARE),
                Report.met(share >= Burst.TARGET_SINGLE_SHARE), Log.d2(share),
                b.shares(1).stream().map(Log::d2).collect(Collectors.joining(", "))));
    }

    private static String rounds(Burst.Result b, int batch) {
        List<Burst.Pair> pairs = b.pairs(batch);
        return pairs.isEmpty() ? "–" : pairs.stream()
                .map(p -> Log.n(p.raw().messagesPerSecond()) + " → " + Log.n(p.burst().readings().sustainedPerSecond())
                        + " (" + Log.d2(p.share()) + ")")
                .collect(Collectors.joining("; "));
    }

    /** Two decimals, or a dash where there is no figure. */
    private static String d2(double x) {
        return Double.isNaN(x) ? "–" : Log.d2(x);
    }

    private static double burst(Burst.Result b, int batch) {
        return b.gateway(batch) == null ? Double.NaN : b.gateway(batch).readings().sustainedPerSecond();
    }

    private static void row(StringBuilder md, String label, Function<Integer, String> cell) {
        md.append("| ").append(label);
        for (int batch : Settings.MODES) {
            md.append(" | ").append(cell.apply(batch));
        }
        md.append(" |\n");
    }

    static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : Log.d2(a / b);
    }
}
