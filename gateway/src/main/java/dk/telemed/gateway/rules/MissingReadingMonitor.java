package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Blue alerts for planned measurements that stopped coming (the Danish telemedicine
 * convention for "missing"). A type is overdue when nothing came for its plan's period plus
 * the grace, counted from the last reading, or from when the gateway started watching, or
 * from the end of the last passive interval, whichever is latest. While a patient is passive
 * nothing is overdue, and an open missing alert resolves.
 *
 * <p>Used from one event-loop context only.
 */
public final class MissingReadingMonitor {
    private final Plans plans;
    private final ZoneId zone;
    private final Instant watchingSince;
    private final PatientSeries<Instant> lastSeen = new PatientSeries<>();
    private final PerPatientAndType<Optional<Duration>> periods;

    /** @param watchingSince when this gateway began watching: a patient without readings is not overdue before a full period from here */
    public MissingReadingMonitor(Plans plans, ZoneId zone, Instant watchingSince) {
        this.plans = plans;
        this.periods = new PerPatientAndType<>(plans::period);
        this.zone = zone;
        this.watchingSince = watchingSince;
    }

    public void seen(String patient, MeasurementType type, Instant ts) {
        Instant before = lastSeen.get(patient, type);
        if (before == null || !before.isAfter(ts)) {
            lastSeen.put(patient, type, ts);
        }
    }

    /** Asked at every reading: the type's period alone, worked out once per registry entry of the patient. */
    public boolean overdue(Patient patient, MeasurementType type, Instant now) {
        Optional<Duration> period = periods.get(patient, type);
        return period.isPresent() && passiveAt(patient, now).isEmpty()
                && now.isAfter(since(patient, type, now).plus(plans.overdueAfter(period.get())));
    }

    /** A verdict for every patient and type: blue where overdue, clear everywhere else. */
    public List<Verdict> check(Collection<Patient> patients, Instant now) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Patient p : patients) {
            Map<MeasurementType, Duration> plan = plans.of(p);
            Optional<PassiveInterval> passive = passiveAt(p, now);
            for (MeasurementType type : MeasurementType.values()) {
                AlertKey key = AlertKey.missing(p.id(), type);
                Duration period = plan.get(type);
                if (period != null && overdue(p, type, now)) {
                    verdicts.add(alarm(p, type, period, now));
                } else if (passive.isPresent()) {
                    // Worded only where it resolves an open alert: every patient's every type passes here at each check.
                    verdicts.add(new Verdict.Clear(key, OptionalDouble.empty(), Optional.empty(),
                            () -> "Monitoring paused until " + passive.get().to() + "; no " + Wording.name(type) + " reading is expected"));
                } else if (period == null) {
                    verdicts.add(new Verdict.Clear(key, OptionalDouble.empty(), Optional.empty(),
                            () -> Wording.name(type) + " is no longer in the measurement plan"));
                }
            }
        }
        return verdicts;
    }

    private Verdict.Alarm alarm(Patient p, MeasurementType type, Duration period, Instant now) {
        Instant last = lastSeen.get(p.id(), type);
        String since = last == null ? "since monitoring started " + Wording.when(since(p, type, now), zone)
                : "since " + Wording.when(last, zone);
        return new Verdict.Alarm(AlertKey.missing(p.id(), type), p.careTeam(), Severity.BLUE,
                type.wireName() + ".blue.missing", OptionalDouble.empty(), type.canonicalUnit(), OptionalDouble.empty(),
                Optional.empty(), Optional.empty(),
                "No " + Wording.name(type) + " reading " + since + " (plan: every " + Wording.period(period) + ")");
    }

    private Instant since(Patient p, MeasurementType type, Instant now) {
        Instant last = lastSeen.get(p.id(), type);
        Instant since = last == null ? watchingSince : last;
        for (PassiveInterval interval : p.passive()) {
            Instant end = interval.end(zone);
            if (!end.isAfter(now) && end.isAfter(since)) {
                since = end;
            }
        }
        return since;
    }

    private Optional<PassiveInterval> passiveAt(Patient p, Instant now) {
        for (PassiveInterval i : p.passive()) {
            if (i.covers(now, zone)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }
}
