package dk.telemed.bench;

import java.util.Locale;

/** The failover phase's text: its section of the report and its row of the README's Benchmark table. */
final class FailoverReport {

    private FailoverReport() {
    }

    /** The report's "Failover" section. */
    static String section(Failover.Result f) {
        StringBuilder md = new StringBuilder("## Failover\n\n");
        md.append(String.format(Locale.ROOT, "Two gateways, active and standby, elected through one ZooKeeper node with a session timeout of"
                        + " **%d ms**, one shared MQTT client id; %s pulse readings/s (one per QoS 1 message) throughout. %d times: `kill -9`"
                        + " the active, poll the standby every %d ms (/ready until it answers 200, then /metrics) until its"
                        + " telemed_readings_stored_total rises (a reading written to InfluxDB by the successor), start the killed one"
                        + " again as a standby. The time is an upper bound (taken when the poll that saw it was answered; ± is the width of the bracket). A killed active is noticed"
                        + " only when its ZooKeeper session expires, so the session timeout makes most of the failover time.%n%n",
                f.sessionTimeoutMs(), Log.n(f.rate()), f.runs(), Failover.POLL_MS));
        md.append("| run | kill → successor active (/ready 200), ms | kill → first reading stored by the successor, ms | ± ms"
                + " | a poll answered in, median / longest, ms |\n|---|---|---|---|---|\n");
        for (int i = 0; i < f.takeovers().size(); i++) {
            Takeover t = f.takeovers().get(i);
            md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", i + 1, Log.n(t.activeMs()), Log.n(t.firstStoredMs()),
                    Log.n(t.uncertaintyMs()), Log.n(t.pollMs()) + " / " + Log.n(t.longestPollMs())));
        }
        md.append(String.format(Locale.ROOT, "| **median / max** | %s / %s | **%s / %s** | | |%n%n", Log.n(f.activeMs().median()),
                Log.n(f.activeMs().max()), Log.n(f.firstStoredMs().median()), Log.n(f.firstStoredMs().max())));
        AlertTally a = f.alerts();
        md.append(String.format(Locale.ROOT, "Readings: %s acknowledged by the broker to the publisher, %s in InfluxDB: **%s lost** (must be 0)."
                        + " Alerts: %d alerts (distinct alertIds) on the MQTT alert topic; **%d raised twice** (one alertId, two raised events"
                        + " of different eventIds; must be 0)%s; %d raised events delivered again with the same eventId (receivers"
                        + " de-duplicate on it); %d raised while the same patient, type and rule had another open. The probe whose alarm was"
                        + " raised before the first kill and stayed open through every takeover: %d alertId (must be 1). Probes alarming right"
                        + " after a kill: %d of %d raised once by the successor. Broker dropped queued messages: %s.%n%n",
                Log.n(f.confirmed()), Log.n(f.stored()), Log.n(f.lost()), a.alerts(), a.raisedTwice(),
                a.examplesRaisedTwice().isEmpty() ? "" : ", e.g. " + String.join("; ", a.examplesRaisedTwice()), a.deliveredAgain(),
                a.raisedWhileOpen(), f.openProbeAlerts(), f.probesRaised(), f.probes(), f.brokerDropped() ? "**yes**" : "no"));
        return md.toString();
    }

    /** The README's row: median and max failover time, runs and session timeout, readings lost, alerts raised twice. */
    static String readmeRow(Failover.Result f) {
        return String.format(Locale.ROOT, "| failover, `kill -9` of the active → first reading stored by the standby, median / max ms"
                        + " (%d runs, session timeout %d ms); readings lost; alerts raised twice | %s / %s; %s; %d | |%n", f.runs(),
                f.sessionTimeoutMs(), Log.n(f.firstStoredMs().median()), Log.n(f.firstStoredMs().max()), Log.n(f.lost()),
                f.alerts().raisedTwice());
    }
}
