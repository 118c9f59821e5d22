package dk.telemed.bench;

import java.util.Locale;

/** The catch-up phase's text: its section of the report and its row of the README's Benchmark table. */
final class CatchupReport {

    private CatchupReport() {
    }

    /** The report's "Catch-up after an outage" section. */
    static String section(Catchup.Result c) {
        StringBuilder md = new StringBuilder("## Catch-up after an outage\n\n");
        md.append(String.format(Locale.ROOT, "The gateway was away for %d minutes (started, so its persistent session and subscription"
                        + " exist in the broker, then stopped with SIGTERM) while %s patients kept measuring: each an oximeter and a pulse"
                        + " sensor reporting every %d s, one reading per QoS 1 message, **%s readings/s live**; and %d home hubs upload"
                        + " their patient's week (SpO2 every %d minutes, %d readings a message), two of them with a low spell (red, yellow)"
                        + " days before. All of it published to the broker first, then the gateway started again. Broker, database,"
                        + " gateway and publishers share the machine's cores, and other work ran on it too (load average %s at the end):"
                        + " figures from a busy machine are lower than on a quiet one.%n%n",
                c.outage().toMinutes(), Log.n(c.livePatients()), CatchupPlan.LIVE_STEP_SECONDS, Log.n(c.liveRate()), c.hubs(),
                CatchupPlan.HUB_STEP_MINUTES, CatchupPlan.HUB_BATCH, c.loadAverage()));
        md.append("| figure | value |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| queued for the gateway: readings (the outage's live ones + the hubs' backlog) | %s (%s + %s) |%n",
                Log.n(c.readingsAcked()), Log.n(c.liveReadings()), Log.n(c.backlogReadings())));
        md.append(String.format(Locale.ROOT, "| messages queued / the broker's max_queued_messages; \"Outgoing messages are being dropped\" logged"
                        + " | %s / %s; %s |%n", Log.n(c.messagesAcked()), c.maxQueued() < 0 ? "not set" : Log.n(c.maxQueued()),
                c.brokerDropped() ? "**yes**" : "no"));
        md.append(String.format(Locale.ROOT, "| published in, s | %s |%n", Log.d1(c.publishSeconds())));
        md.append(String.format(Locale.ROOT, "| gateway start → /ready, s | %s |%n", Log.d1(c.readySeconds())));
        md.append(String.format(Locale.ROOT, "| gateway start → every reading stored, s | %s |%n", seconds(c.storedSeconds())));
        md.append(String.format(Locale.ROOT, "| **gateway start → every reading stored and judged** (nothing unacknowledged, no rules pending), s"
                + " | **%s** |%n", seconds(c.judgedSeconds())));
        md.append(String.format(Locale.ROOT, "| **catch-up rate, readings/s** (from the gateway's start) | **%s** |%n", Log.n(c.readingsPerSecond())));
        md.append(String.format(Locale.ROOT, "| ÷ the live rate (%s readings/s); target ≥ %s | %s (%s) |%n", Log.n(c.liveRate()),
                Log.n(Catchup.TARGET_LIVE_MULTIPLE), Log.d1(c.liveMultiple()), Report.met(c.liveMultiple() >= Catchup.TARGET_LIVE_MULTIPLE)));
        md.append(String.format(Locale.ROOT, "| gateway heap in use at most / limit, MiB; peak RSS, MiB | %s / %s%s; %s |%n",
                Log.d1(c.heapPeakMiB()), Log.n(c.heapLimitMiB()), c.outOfMemory() ? " (**OutOfMemoryError**)" : "", Log.d1(c.peakRssMiB())));
        CatchupAlerts a = c.alerts();
        md.append(String.format(Locale.ROOT, "| alerts raised for readings; for readings measured before the late limit, marked late | %d; %d of %d%s |%n",
                a.raised(), a.markedLate(), a.fromOldReadings(), a.everyOldOneLate() ? "" : " (**not all**"
                        + (a.examplesNotLate().isEmpty() ? "" : ", e.g. " + String.join("; ", a.examplesNotLate()))
                        + (a.recentMarkedLate() > 0 ? "; " + a.recentMarkedLate() + " recent ones marked late" : "") + ")"));
        md.append(String.format(Locale.ROOT, "| hubs whose week holds a low spell with an alert raised for it | %d of %d |%n",
                c.spellHubsRaised(), Catchup.SPELL_HUBS));
        md.append(String.format(Locale.ROOT, "| cores from /ready until every reading was judged: gateway, broker, InfluxDB | %s, %s, %s |%n",
                Log.d2(c.gatewayCores()), Log.d2(c.brokerCores()), Log.d2(c.influxCores())));
        md.append(String.format(Locale.ROOT, "| readings stored in InfluxDB; **lost** (acknowledged by the broker, not stored; must be 0) | %s; **%s** |%n%n",
                Log.n(c.stored()), Log.n(c.lost())));
        md.append(String.format(Locale.ROOT, "Patients with an alert raised for a reading: %s. Alerts raised without a reading behind them"
                        + " (a planned measurement not taken): %d.%n%n",
                a.patients().isEmpty() ? "none" : String.join(", ", a.patients()), a.withoutReading()));
        JfrSummary p = c.profile();
        if (p != null) {
            md.append(String.format(Locale.ROOT, "Profile of the returning gateway (JFR, its whole life: start, catch-up, stop): %d execution"
                            + " samples over %.0f s; GC paused it %d times, %.1f s in all. Gateway methods, inclusive: %s.%n%n",
                    p.executionSamples(), p.recordingSeconds(), p.gcPauses(), p.gcPauseSeconds(), JfrSummary.listed(p.gatewayInclusive(), 8)));
        }
        return md.toString();
    }

    /** The README's row: time to stored and judged, rate and its multiple of the live rate, heap, late alerts, readings lost. */
    static String readmeRow(Catchup.Result c) {
        return String.format(Locale.ROOT, "| catch-up after a %d-minute outage (%s readings queued): s until all stored and judged; readings/s"
                        + " (× the live %s/s); heap at most of %s MiB; backlog alerts marked late; readings lost | %s s; %s (× %s); %s MiB;"
                        + " %d of %d; %s | |%n", c.outage().toMinutes(), Log.n(c.readingsAcked()), Log.n(c.liveRate()),
                Log.n(c.heapLimitMiB()), seconds(c.judgedSeconds()), Log.n(c.readingsPerSecond()), Log.d1(c.liveMultiple()),
                Log.d1(c.heapPeakMiB()), c.alerts().markedLate(), c.alerts().fromOldReadings(), Log.n(c.lost()));
    }


    private static String seconds(double s) {
        return Double.isNaN(s) ? "not within the phase's time" : Log.d1(s);
    }
}
