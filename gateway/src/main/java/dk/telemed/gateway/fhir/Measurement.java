package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries.Row;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one Observation shows: a single stored reading, or a blood-pressure panel made of the
 * systolic and diastolic readings of one device at one time. Ordered by time, then device,
 * then kind, so paging has a total order even between readings of the same instant.
 */
sealed interface Measurement permits Measurement.Single, Measurement.Panel {
    Comparator<Measurement> ORDER = Comparator.comparing(Measurement::ts).thenComparing(Measurement::device)
            .thenComparing(Measurement::kind);

    String patient();

    String device();

    Instant ts();

    /** {@link ObservationIds}' token: the type's wire name with dots, or {@code bp} for a panel. */
    String kind();

    default String sortKey() {
        return device() + "|" + kind();
    }

    record Single(Row row) implements Measurement {
        public String patient() {
            return row.patient();
        }

        public String device() {
            return row.device();
        }

        public Instant ts() {
            return row.ts();
        }

        public String kind() {
            return ObservationIds.token(row.type());
        }
    }

    record Panel(Row systolic, Row diastolic) implements Measurement {
        public String patient() {
            return systolic.patient();
        }

        public String device() {
            return systolic.device();
        }

        public Instant ts() {
            return systolic.ts();
        }

        public String kind() {
            return ObservationIds.PANEL;
        }
    }

    /** Pairs each systolic with the diastolic of the same patient, device and time; everything else stays single. */
    static List<Measurement> group(List<Row> rows) {
        Map<String, Row> diastolic = new HashMap<>();
        for (Row r : rows) {
            if (r.type() == MeasurementType.BP_DIA) {
                diastolic.put(pairKey(r), r);
            }
        }
        List<Measurement> out = new ArrayList<>();
        java.util.Set<Row> paired = new java.util.HashSet<>();
        for (Row r : rows) {
            if (r.type() == MeasurementType.BP_SYS && diastolic.containsKey(pairKey(r))) {
                Row dia = diastolic.get(pairKey(r));
                paired.add(dia);
                out.add(new Panel(r, dia));
            }
        }
        for (Row r : rows) {
            boolean inPanel = paired.contains(r) || (r.type() == MeasurementType.BP_SYS && diastolic.containsKey(pairKey(r)));
            if (!inPanel) {
                out.add(new Single(r));
            }
        }
        out.sort(ORDER);
        return out;
    }

    private static String pairKey(Row r) {
        return r.patient() + "|" + r.device() + "|" + r.ts();
    }
}
