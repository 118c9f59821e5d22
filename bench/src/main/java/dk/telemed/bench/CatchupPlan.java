package dk.telemed.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * What the broker holds for the gateway when it comes back after an outage: the readings
 * {@value #LIVE_PATIENTS} patients measured while it was away, and the week's backlog of
 * {@value #HUBS} home hubs. Pure: the catch-up phase ({@link Catchup}) publishes it.
 *
 * <p>Each live patient wears an oximeter (SpO2) and a pulse sensor, each reporting every
 * {@value #LIVE_STEP_SECONDS} s, one reading per QoS 1 message, as a device on its own
 * connection does: {@link #liveRate()} readings/s, the patients' normal rate. Each hub holds
 * its patient's SpO2 every {@value #HUB_STEP_MINUTES} minutes of the last 7 days and sends
 * them {@value #HUB_BATCH} readings a message, in time order. Two hubs' weeks hold a low
 * spell, so the backlog has alerts to raise, every one of them for a reading measured days
 * before it arrived: {@link #RED_HUB} a red one (SpO2 85 %, COPD red below 88), {@link #YELLOW_HUB}
 * a yellow one (89 %, two readings confirm it).
 *
 * @param outage    how long the gateway was away
 * @param endMillis when publishing starts: the newest live reading is just before it
 */
record CatchupPlan(Duration outage, long endMillis) {
    static final int LIVE_PATIENTS = 1000;
    static final int LIVE_STEP_SECONDS = 5;
    static final int HUBS = 50;
    static final int HUB_STEP_MINUTES = 5;
    static final int HUB_BATCH = 20;
    static final Duration BACKLOG = Duration.ofDays(7);
    static final int RED_HUB = 0;
    static final int YELLOW_HUB = 1;
    static final String LIVE_PREFIX = "bench-cu-";
    static final String HUB_PREFIX = "bench-cu-hub-";
    static final int NORMAL_SPO2 = 97;
    static final int RED_SPO2 = 85;
    static final int YELLOW_SPO2 = 89;
    /** Readings of each spell: half an hour of a hub's readings. */
    static final int SPELL_READINGS = 6;
    private static final Pattern MAX_QUEUED = Pattern.compile("(?m)^\\s*max_queued_messages\\s+(\\d+)\\s*$");

    CatchupPlan {
        if (outage.isNegative() || outage.isZero()) {
            throw new IllegalArgumentException("an outage lasts a while, not " + outage);
        }
    }

    /** The patients' normal rate, readings/s: two devices each, a reading every {@value #LIVE_STEP_SECONDS} s. */
    static double liveRate() {
        return 2.0 * LIVE_PATIENTS / LIVE_STEP_SECONDS;
    }

    /** Readings each live device measured during the outage. */
    int liveReadingsPerDevice() {
        return (int) (outage.toSeconds() / LIVE_STEP_SECONDS);
    }

    long liveReadings() {
        return 2L * LIVE_PATIENTS * liveReadingsPerDevice();
    }

    static int hubReadings() {
        return (int) (BACKLOG.toMinutes() / HUB_STEP_MINUTES);
    }

    static int hubMessages() {
        return (hubReadings() + HUB_BATCH - 1) / HUB_BATCH;
    }

    static long hubReadingsAll() {
        return (long) HUBS * hubReadings();
    }

    /** Messages queued for the gateway: one per live reading, one per hub batch. */
    long messages() {
        return liveReadings() + (long) HUBS * hubMessages();
    }

    long readings() {
        return liveReadings() + hubReadingsAll();
    }

    static String oximeter(int patient) {
        return LIVE_PREFIX + patient + "-oxi";
    }

    static String pulseSensor(int patient) {
        return LIVE_PREFIX + patient + "-pulse";
    }

    static String hub(int hub) {
        return HUB_PREFIX + hub;
    }

    static String hubPatient(int hub) {
        return HUB_PREFIX + "p" + hub;
    }

    /** The live devices' load: one publisher for the oximeters, one for the pulse sensors, readings over the outage in time order. */
    List<LeanPublisher.Plan> livePlans() {
        long from = endMillis - outage.toMillis();
        long step = LIVE_STEP_SECONDS * 1000L;
        List<String> oximeters = IntStream.range(0, LIVE_PATIENTS).mapToObj(CatchupPlan::oximeter).toList();
        List<String> pulse = IntStream.range(0, LIVE_PATIENTS).mapToObj(CatchupPlan::pulseSensor).toList();
        return List.of(new LeanPublisher.Plan(oximeters, liveReadingsPerDevice(), 1, "spo2", from, step, 1, 0),
                new LeanPublisher.Plan(pulse, liveReadingsPerDevice(), 1, "pulse", from, step, 1, 0));
    }

    /** When a hub's reading {@code i} was measured: the week up to just before publishing, every {@value #HUB_STEP_MINUTES} minutes. */
    long hubTsMillis(int i) {
        return endMillis - BACKLOG.toMillis() + (long) i * HUB_STEP_MINUTES * 60_000L;
    }

    /** The first reading of a hub's low spell (day 3 for the red, day 5 for the yellow); -1 for a hub without one. */
    static int spellStart(int hub) {
        int perDay = hubReadings() / 7;
        return hub == RED_HUB ? 3 * perDay : hub == YELLOW_HUB ? 5 * perDay : -1;
    }

    static int hubValue(int hub, int i) {
        int start = spellStart(hub);
        if (start < 0 || i < start || i >= start + SPELL_READINGS) {
            return NORMAL_SPO2;
        }
        return hub == RED_HUB ? RED_SPO2 : YELLOW_SPO2;
    }

    /** A hub's week as it uploads it: messages of {@value #HUB_BATCH} readings, in time order, each with a msgId of its own. */
    List<String> hubPayloads(int hub) {
        List<String> messages = new ArrayList<>();
        for (int first = 0; first < hubReadings(); first += HUB_BATCH) {
            int last = Math.min(hubReadings(), first + HUB_BATCH);
            StringBuilder b = new StringBuilder(64 + 72 * HUB_BATCH);
            b.append("{\"msgId\":\"").append(hub(hub)).append('-').append(hubTsMillis(first)).append("\",\"readings\":[");
            for (int i = first; i < last; i++) {
                if (i > first) {
                    b.append(',');
                }
                b.append("{\"ts\":").append(hubTsMillis(i)).append(",\"type\":\"spo2\",\"value\":").append(hubValue(hub, i))
                        .append(",\"unit\":\"%\"}");
            }
            messages.add(b.append("]}").toString());
        }
        return messages;
    }

    /** The registry: a COPD patient per live pair of devices and per hub. */
    static String registry() {
        StringBuilder yaml = new StringBuilder("patients:\n");
        for (int p = 0; p < LIVE_PATIENTS; p++) {
            yaml.append(String.format(Locale.ROOT, "  - { id: %sp%d, careTeam: bench, conditions: [copd], devices: [%s, %s] }%n",
                    LIVE_PREFIX, p, oximeter(p), pulseSensor(p)));
        }
        for (int h = 0; h < HUBS; h++) {
            yaml.append(String.format(Locale.ROOT, "  - { id: %s, careTeam: bench, conditions: [copd], devices: [%s] }%n",
                    hubPatient(h), hub(h)));
        }
        return yaml.toString();
    }

    /** The broker's max_queued_messages in its configuration text; empty when it is not set (Mosquitto's default then applies). */
    static OptionalLong maxQueued(String mosquittoConf) {
        Matcher m = MAX_QUEUED.matcher(mosquittoConf);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
