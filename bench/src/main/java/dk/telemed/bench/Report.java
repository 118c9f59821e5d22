package dk.telemed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The results as JSON (everything) and as Markdown (the tables a person reads). */
public final class Report {
    /** Durations as ISO-8601 text ("PT20S"); everything else as Jackson writes records. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Duration.class, ToStringSerializer.instance));

    private Report() {
    }

    /** Writes bench-STAMP.json and bench-STAMP.md (a --quick run: bench-STAMP-quick.*), copies them to latest.*; returns the .md. */
    public static Path write(Results r, Path dir) {
        String name = "bench-" + r.stamp() + (r.settings().quick() ? "-quick" : "");
        try {
            Files.createDirectories(dir);
            Path json = dir.resolve(name + ".json");
            Path md = dir.resolve(name + ".md");
            JSON.writeValue(json.toFile(), r);
            Files.writeString(md, markdown(r));
            Files.copy(json, dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(md, dir.resolve("latest.md"), StandardCopyOption.REPLACE_EXISTING);
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    public static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark results\n\n");
        if (!r.label().isEmpty()) {
            md.append("**").append(r.label()).append("**\n\n");
        }
        Machine m = r.machine();
        md.append(String.format(Locale.ROOT, "Run %s (%s, %.0f min) on %s, %d cores, %.1f GiB; load average (1/5/15 min) %s at the start,"
                        + " %s at the end. Broker, database, gateway, load generator and bench all on this machine; %s.%n%n",
                r.date(), r.settings().quick() ? "--quick" : "full", r.minutes(), m.cpu(), m.cores(), m.memoryGiB(), m.loadAtStart(),
                r.loadAtEnd(), m.kernel()));
        md.append(String.format(Locale.ROOT, "%s; %s; gateway `%s` with heap 256 MiB, the shipped config/gateway.jvm.options and config/gateway.yaml"
                        + " (batches of %d, %d writes at once, Receive Maximum %d, rules in %d lanes); load from device-sim: %s patients (%s devices)"
                        + " over %d MQTT connections; %s.%n%n",
                m.mosquitto(), m.influxd(), r.gatewayJar(), r.settings().batchSize(), r.settings().writeConcurrency(),
                r.settings().receiveMaximum(), r.settings().rulesLanes(), Log.n(r.patients()), Log.n(r.devices()), Settings.CONNECTIONS, m.java()));
        phases(md, r);
        throughput(md, r);
        BurstReport.section(md, r);
        latency(md, r);
        population(md, r);
        failover(md, r);
        if (r.catchup() != null) {
            md.append(CatchupReport.section(r.catchup()));
        }
        profiles(md, r);
        if (!r.notes().isEmpty()) {
            md.append("## Notes\n\n");
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n');
        }
        md.append("How each figure is measured and what it leaves out: [bench/README.md](../README.md).\n");
        return md.toString();
    }

    private static void throughput(StringBuilder md, Results r) {
        if (r.brokerLimit() == null && r.storeLimit() == null && r.endToEnd() == null) {
            return;
        }
        int reps = r.settings().repeats();
        md.append("## Throughput\n\n");
        md.append("Raw limits: median of ").append(reps).append(reps == 1 ? " run" : " runs").append(reps > 1 ? " [lowest–highest]" : "")
                .append(", device-sim publishing as fast as it can over ").append(Settings.CONNECTIONS).append(" connections."
                        + " Gateway sustained: the highest fixed rate it kept up with (bench/README.md says how that is searched);"
                        + " overload: one short run at ").append(Log.n(Settings.overloadRate(1))).append(" / ")
                .append(Log.n(Settings.overloadRate(20))).append(" readings/s.\n\n");
        md.append("| | single-reading messages | batches of 20 readings |\n|---|---|---|\n");
        row(md, "(a) raw broker: QoS 1 messages/s delivered to a plain Paho subscriber", b -> {
            BrokerLimit.Result x = r.broker(b);
            return x == null ? "–" : spread(x.messagesPerSecond()) + " msg/s" + (b > 1 ? " = " + Log.n(x.readingsPerSecond().median()) + " readings/s" : "");
        });
        row(md, "(b) raw store: points/s written directly, batches of " + Log.n(r.settings().batchSize()) + ", "
                + r.settings().writeConcurrency() + " at once", b -> r.storeLimit() == null ? "–"
                : b == 1 ? spread(r.storeLimit().pointsPerSecond()) : "(same)");
        row(md, "**gateway: readings/s stored end to end, sustained** (highest fixed rate it kept up with)", b -> {
            EndToEnd.Result g = r.gateway(b);
            if (g == null) {
                return "–";
            }
            return Double.isNaN(g.sustainedPerSecond()) ? "did not keep up" : "**" + Log.n(g.sustainedPerSecond()) + "**"
                    + (g.sustainedNote().startsWith("still") ? " (or more)" : "")
                    + (g.sustainedNote().startsWith("device-sim") ? " (load generator's limit)" : "");
        });
        row(md, "gateway under overload: readings/s stored while devices outpace it (the broker holds the rest)", b -> {
            EndToEnd.Result g = r.gateway(b);
            return g == null ? "–" : spread(g.overloadPerSecond());
        });
        row(md, "gateway sustained ÷ raw broker, same packing (messages/s; with batches the same as readings/s)",
                b -> ratio(sustained(r, b), r.broker(b) == null ? Double.NaN : r.broker(b).readingsPerSecond().median()));
        row(md, "gateway sustained readings/s ÷ raw broker single-reading messages/s (what batching buys)",
                b -> ratio(sustained(r, b), r.broker(1) == null ? Double.NaN : r.broker(1).messagesPerSecond().median()));
        row(md, "gateway sustained ÷ raw store", b -> ratio(sustained(r, b),
                r.storeLimit() == null ? Double.NaN : r.storeLimit().pointsPerSecond().median()));
        row(md, "gateway CPU at the sustained rate (cores; CPU µs per reading)", b -> {
            EndToEnd.Run run = r.gateway(b) == null ? null : r.gateway(b).sustainedRun();
            return run == null ? "–" : Log.d2(run.gatewayCores()) + " cores; " + Log.d1(run.gatewayCpuMicrosPerReading()) + " µs";
        });
        row(md, "gateway memory over all runs (peak RSS; most heap in use)", b -> {
            EndToEnd.Result g = r.gateway(b);
            return g == null ? "–" : Log.n(g.peakRssMiB()) + " MiB; " + Log.n(java.util.stream.Stream.concat(g.overload().stream(),
                    g.steps().stream()).mapToDouble(EndToEnd.Run::maxHeapMiB).max().orElse(Double.NaN)) + " MiB";
        });
        row(md, "most messages the gateway held unacknowledged (Receive Maximum " + r.settings().receiveMaximum()
                + "): at the sustained rate; under overload", b -> {
            EndToEnd.Result g = r.gateway(b);
            if (g == null) {
                return "–";
            }
            EndToEnd.Run run = g.sustainedRun();
            return (run == null ? "–" : Log.n(run.maxUnacknowledged())) + "; "
                    + Log.n(g.overload().stream().mapToDouble(EndToEnd.Run::maxUnacknowledged).max().orElse(Double.NaN));
        });
        row(md, "gateway receipt → stored p50 / p99 ms (its own histogram): at the sustained rate; under overload", b -> {
            EndToEnd.Result g = r.gateway(b);
            if (g == null) {
                return "–";
            }
            EndToEnd.Run run = g.sustainedRun();
            EndToEnd.Run over = g.overload().isEmpty() ? null : g.overload().get(0);
            return (run == null ? "–" : Log.d1(run.receiptToStoredMs().p50()) + " / " + Log.d1(run.receiptToStoredMs().p99())) + "; "
                    + (over == null ? "–" : Log.d1(over.receiptToStoredMs().p50()) + " / " + Log.d1(over.receiptToStoredMs().p99()));
        });
        row(md, "CPU at the sustained rate: broker / InfluxDB / device-sim (cores)", b -> {
            EndToEnd.Run run = r.gateway(b) == null ? null : r.gateway(b).sustainedRun();
            return run == null ? "–" : Log.d2(run.brokerCores()) + " / " + Log.d2(run.influxCores()) + " / " + Log.d2(run.deviceSimCores());
        });
        row(md, "raw broker run: broker / subscriber / device-sim (cores)", b -> {
            BrokerLimit.Result x = r.broker(b);
            return x == null ? "–" : Log.d2(medianB(x.runs(), BrokerLimit.Run::brokerCores)) + " / " + Log.d2(medianB(x.runs(), BrokerLimit.Run::subscriberCores))
                    + " / " + Log.d2(medianB(x.runs(), BrokerLimit.Run::deviceSimCores));
        });
        md.append('\n');
        EndToEnd.Result batch = r.gateway(20);
        EndToEnd.Result single = r.gateway(1);
        if (batch != null || single != null) {
            md.append("How the sustained searches ended: ");
            for (EndToEnd.Result g : new EndToEnd.Result[] {single, batch}) {
                if (g != null) {
                    md.append(Log.mode(g.batch())).append(": ").append(g.sustainedNote()).append(". ");
                }
            }
            md.append("\n\nTargets: ");
            if (batch != null) {
                md.append(String.format(Locale.ROOT, "≥ %s readings/s stored end to end: **%s** (%s sustained with batches of 20). ",
                        Log.n(Results.TARGET_READINGS_PER_SECOND), met(batch.sustainedPerSecond() >= Results.TARGET_READINGS_PER_SECOND),
                        Log.n(batch.sustainedPerSecond())));
            }
            // Batches are judged by the readings/s above; the share of the broker's rate is the target of single messages.
            BrokerLimit.Result b = single == null ? null : r.broker(single.batch());
            if (b != null) {
                double share = single.sustainedPerSecond() / b.readingsPerSecond().median();
                md.append(String.format(Locale.ROOT, "≥ %.1f of the raw broker's QoS 1 delivery rate with single-reading messages: **%s** (%.2f;"
                                + " the share with batches, in messages/s, is in the table above). ",
                        Results.TARGET_BROKER_SHARE, met(share >= Results.TARGET_BROKER_SHARE), share));
            }
            md.append("\n\n");
        }
    }

    private static void phases(StringBuilder md, Results r) {
        if (r.phases() == null || r.phases().isEmpty()) {
            return;
        }
        md.append("| phase | load average at start | at end | minutes |\n|---|---|---|---|\n");
        for (Results.Phase p : r.phases()) {
            md.append(String.format(Locale.ROOT, "| %s%s | %s | %s | %.1f |%n", p.name(), p.completed() ? "" : " (failed)",
                    p.loadAtStart(), p.loadAtEnd(), p.minutes()));
        }
        md.append('\n');
    }

    private static double sustained(Results r, int batch) {
        return r.gateway(batch) == null ? Double.NaN : r.gateway(batch).sustainedPerSecond();
    }

    private static void latency(StringBuilder md, Results r) {
        if (r.latency() == null || r.latency().isEmpty()) {
            return;
        }
        md.append("## Latency\n\n");
        md.append("Probe readings published one at a time amid device-sim's background load; \"stored\" found by querying InfluxDB"
                + " for the exact point every ").append(Probe.POLL_MS).append(" ms (the figure is an upper bound; ± is the median"
                + " width of the bracket). Milliseconds.\n\n");
        md.append("| load | background readings/s | publish → stored p50 / p99 / max (probes) | ± | gateway's receipt → stored p50 / p99 (histogram) | publish → alert webhook p50 / p99 / max |\n");
        md.append("|---|---|---|---|---|---|\n");
        for (Latency.Result l : r.latency()) {
            Percentiles s = l.publishToStoredMs();
            Percentiles g = l.gatewayReceiptToStoredMs();
            md.append(String.format(Locale.ROOT, "| %s, %s | %s | %s / %s / %s (%d%s) | %s | %s / %s | %s |%n", l.load(), Log.mode(l.batch()),
                    Log.n(l.backgroundAchieved()), Log.d1(s.p50()), Log.d1(s.p99()), Log.d1(s.max()), s.count(),
                    l.lost() > 0 ? ", " + l.lost() + " lost" : "", Log.d1(l.medianUncertaintyMs()), Log.d1(g.p50()), Log.d1(g.p99()),
                    l.alerts().status().equals("measured") ? Log.d1(l.alerts().publishToWebhookMs().p50()) + " / "
                            + Log.d1(l.alerts().publishToWebhookMs().p99()) + " / " + Log.d1(l.alerts().publishToWebhookMs().max())
                            + " (" + l.alerts().publishToWebhookMs().count() + ")" : l.alerts().status()));
        }
        r.latency().stream().filter(l -> l.load().startsWith("moderate") && l.batch() == 1).findFirst().ifPresent(l ->
                md.append(String.format(Locale.ROOT, "%nTarget: p99 publish → stored < %.0f ms at 1,000 readings/s: **%s** (%s ms).%n",
                        Results.TARGET_P99_MS, met(l.publishToStoredMs().p99() < Results.TARGET_P99_MS), Log.d1(l.publishToStoredMs().p99()))));
        md.append('\n');
    }

    private static void population(StringBuilder md, Results r) {
        Population.Result p = r.population();
        if (p == null) {
            return;
        }
        md.append("## Population\n\n");
        md.append("Each device sends one reading every ").append(p.secondsPerReadingPerDevice())
                .append(" s (compressed from a few a day); devices are registered and publishing, spread over the given number of"
                        + " MQTT connections (home hubs). Heap after a full GC, after the duplicate filter was filled (same for all).\n\n");
        md.append("| devices | patients | MQTT connections | readings/s | heap after full GC | most heap in use | RSS | peak RSS | gateway CPU |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Population.Run run : p.runs()) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s MiB | %s MiB | %s MiB | %s MiB | %s cores |%n",
                    Log.n(run.devices()), Log.n(run.patients()), run.connections(), Log.n(run.readingsPerSecond()),
                    Log.d1(run.heapAfterGcMiB()), Log.d1(run.maxHeapMiB()), Log.d1(run.rssMiB()), Log.d1(run.peakRssMiB()),
                    Log.d2(run.gatewayCores())));
        }
        md.append(String.format(Locale.ROOT, "%nPer device: %s bytes of heap, %s bytes of RSS.",
                Log.n(p.heapBytesPerDevice()), Log.n(p.rssBytesPerDevice())));
        Population.Run largest = p.runs().get(p.runs().size() - 1);
        if (!largest.largestClasses().isEmpty()) {
            md.append(String.format(Locale.ROOT, " Largest live classes with %s devices (jcmd GC.class_histogram, instances): %s.",
                    Log.n(largest.devices()), String.join(", ", largest.largestClasses())));
        }
        p.runs().stream().filter(run -> run.devices() >= 9_000 && run.devices() <= 11_000).findFirst().ifPresent(run ->
                md.append(String.format(Locale.ROOT, " Target: heap < %.0f MiB at 10,000 devices: **%s** (%s MiB live after a full GC;"
                                + " the gateway runs with -Xmx%s, so what is in use before a GC, at most %s MiB, cannot exceed it).",
                        Results.TARGET_HEAP_MIB, met(run.heapAfterGcMiB() < Results.TARGET_HEAP_MIB), Log.d1(run.heapAfterGcMiB()),
                        BenchStack.HEAP, Log.d1(run.maxHeapMiB()))));
        md.append("\n\n");
    }

    private static void failover(StringBuilder md, Results r) {
        if (r.failover() != null) {
            md.append(FailoverReport.section(r.failover()));
        }
    }

    private static void profiles(StringBuilder md, Results r) {
        if (r.endToEnd() == null || r.endToEnd().stream().allMatch(e -> e.profile() == null)) {
            return;
        }
        md.append("## Profile of the gateway at maximum load (JFR)\n\n");
        for (EndToEnd.Result e : r.endToEnd()) {
            if (e.profile() == null) {
                continue;
            }
            JfrSummary p = e.profile();
            md.append(String.format(Locale.ROOT, "%s: %d execution samples over %.0f s; GC paused the gateway %d times, %.1f s in all.%n%n",
                    Log.mode(e.batch()), p.executionSamples(), p.recordingSeconds(), p.gcPauses(), p.gcPauseSeconds()));
            EndToEnd.Run run = e.sustainedRun() != null ? e.sustainedRun() : e.overload().get(e.overload().size() - 1);
            md.append(String.format(Locale.ROOT, "Cores by thread group, run at %s readings/s (averaged over the run and the wait until"
                            + " everything was acknowledged): ", run.targetRate() == Settings.overloadRate(e.batch()) ? "overload "
                            + Log.n(run.targetRate()) : Log.n(run.heldRate())))
                    .append(run.threads().entrySet().stream()
                    .map(t -> t.getKey() + " " + Log.d2(t.getValue())).collect(Collectors.joining(", "))).append("\n\n");
            md.append("Top frames: ").append(JfrSummary.listed(p.topFrames(), 8)).append("\n\n");
            md.append("Gateway methods, inclusive: ").append(JfrSummary.listed(p.gatewayInclusive(), 8)).append("\n\n");
            md.append("Allocation by first gateway frame: ").append(JfrSummary.listed(p.allocationByFrame(), 6)).append("\n\n");
        }
    }


    private static void row(StringBuilder md, String label, Function<Integer, String> cell) {
        md.append("| ").append(label);
        for (int batch : Settings.MODES) {
            md.append(" | ").append(cell.apply(batch));
        }
        md.append(" |\n");
    }

    private static String spread(Spread s) {
        if (s.runs() == 0) {
            return "–";
        }
        return s.runs() == 1 ? Log.n(s.median()) : Log.n(s.median()) + " [" + Log.n(s.min()) + "–" + Log.n(s.max()) + "]";
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : Log.d2(a / b);
    }

    private static double medianB(List<BrokerLimit.Run> runs, java.util.function.ToDoubleFunction<BrokerLimit.Run> f) {
        return Spread.of(runs.stream().map(f::applyAsDouble).toList()).median();
    }

    /** How a target line ends: met or not. */
    static String met(boolean met) {
        return met ? "met" : "not met";
    }
}
