package dk.telemed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The README's "Benchmark" section: the last full run's headline figures, between two marker
 * comments, so a new run replaces exactly that text and nothing else of the README.
 */
public final class ReadmeSection {
    static final String BEGIN = "<!-- bench:begin (written by ./telemed bench; edits between these markers are replaced) -->";
    static final String END = "<!-- bench:end -->";

    private ReadmeSection() {
    }

    public static void update(Path readme, Results r, Path resultsFile) {
        try {
            String text = Files.readString(readme);
            Files.writeString(readme, replace(text, body(r, resultsFile)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + readme, e);
        }
    }

    /** The text with the marked block replaced, or a new "## Benchmark" section at the end when there is none. */
    static String replace(String text, String body) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String block = BEGIN + "\n" + body + END;
        if (begin >= 0 && end > begin) {
            return text.substring(0, begin) + block + text.substring(end + END.length());
        }
        return text + (text.endsWith("\n") ? "" : "\n") + "\n## Benchmark\n\n" + block + "\n";
    }

    static String body(Results r, Path resultsFile) {
        Machine m = r.machine();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Last full run: %s, `./telemed bench` (%.0f min) on %d cores (%s), %.1f GiB memory,"
                        + " broker, database, gateway and load generator all on that machine; load average (1/5/15 min) %s at the"
                        + " start, %s at the end. All figures and how they were measured: [%s](%s).%n%n",
                r.date(), r.minutes(), m.cores(), m.cpu(), m.memoryGiB(), m.loadAtStart(), r.loadAtEnd(), resultsFile, resultsFile));
        md.append("| figure | single-reading messages | batches of 20 |\n|---|---|---|\n");
        BrokerLimit.Result b1 = r.broker(1);
        BrokerLimit.Result b20 = r.broker(20);
        md.append(String.format(Locale.ROOT, "| raw broker, QoS 1 messages/s to one Paho subscriber | %s | %s |%n",
                b1 == null ? "–" : Log.n(b1.messagesPerSecond().median()), b20 == null ? "–" : Log.n(b20.messagesPerSecond().median())));
        md.append(String.format(Locale.ROOT, "| raw store, points/s in batches of %d (influxdb-java) | %s | |%n", r.settings().batchSize(),
                r.storeLimit() == null ? "–" : Log.n(r.storeLimit().pointsPerSecond().median())));
        EndToEnd.Result g1 = r.gateway(1);
        EndToEnd.Result g20 = r.gateway(20);
        md.append(String.format(Locale.ROOT, "| gateway, readings/s stored end to end, sustained | %s | %s |%n", sustained(g1), sustained(g20)));
        md.append(String.format(Locale.ROOT, "| ÷ raw broker (same packing, messages/s) | %s | %s |%n", share(g1, b1), share(g20, b20)));
        if (r.burst() != null) {
            md.append(BurstReport.readmeRows(r.burst()));
        }
        if (r.latency() != null) {
            for (Latency.Result l : r.latency()) {
                if (l.batch() == 1) {
                    md.append(String.format(Locale.ROOT, "| publish → stored p50 / p99 / max ms, %s (%s readings/s) | %s / %s / %s | |%n",
                            l.load(), Log.n(l.backgroundRate()), Log.d1(l.publishToStoredMs().p50()), Log.d1(l.publishToStoredMs().p99()),
                            Log.d1(l.publishToStoredMs().max())));
                    if (l.alerts().status().equals("measured")) {
                        md.append(String.format(Locale.ROOT, "| publish → alert webhook p50 / p99 / max ms, %s | %s / %s / %s | |%n",
                                l.load(), Log.d1(l.alerts().publishToWebhookMs().p50()), Log.d1(l.alerts().publishToWebhookMs().p99()),
                                Log.d1(l.alerts().publishToWebhookMs().max())));
                    }
                }
            }
        }
        if (r.population() != null) {
            for (Population.Run p : r.population().runs()) {
                md.append(String.format(Locale.ROOT, "| gateway heap after GC / peak RSS, %s devices | %s MiB / %s MiB | |%n",
                        Log.n(p.devices()), Log.d1(p.heapAfterGcMiB()), Log.d1(p.peakRssMiB())));
            }
            md.append(String.format(Locale.ROOT, "| gateway heap per device | %s bytes | |%n", Log.n(r.population().heapBytesPerDevice())));
        }
        if (r.failover() != null) {
            md.append(FailoverReport.readmeRow(r.failover()));
        }
        if (r.catchup() != null) {
            md.append(CatchupReport.readmeRow(r.catchup()));
        }
        md.append('\n');
        if (!r.notes().isEmpty()) {
            md.append("Notes of that run:\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        return md.toString();
    }

    private static String sustained(EndToEnd.Result g) {
        if (g == null) {
            return "–";
        }
        return Double.isNaN(g.sustainedPerSecond()) ? "did not keep up" : Log.n(g.sustainedPerSecond())
                + (g.sustainedNote().startsWith("still") ? " (or more)" : "");
    }

    private static String share(EndToEnd.Result g, BrokerLimit.Result b) {
        return g == null || b == null ? "–" : Log.d2(g.sustainedPerSecond() / b.readingsPerSecond().median());
    }
}
