package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.registry.Patient;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * A value worked out from a patient's registry entry and a measurement type, kept per patient
 * until the registry hands out another entry for them. A registry snapshot's {@link Patient}
 * is immutable and a change of the registry makes new ones, so the entry the value was worked
 * out from, compared by identity, says whether it still holds: a threshold changed in the
 * registry is in force from the next reading on, and two patients never share a value.
 * Safe from several event loops at once; the values themselves must be immutable.
 */
final class PerPatientAndType<T> {
    private static final MeasurementType[] TYPES = MeasurementType.values();

    private final BiFunction<Patient, MeasurementType, T> compute;
    private final Map<String, Entry> byPatient = new ConcurrentHashMap<>();

    PerPatientAndType(BiFunction<Patient, MeasurementType, T> compute) {
        this.compute = compute;
    }

    T get(Patient patient, MeasurementType type) {
        Entry e = byPatient.get(patient.id());
        if (e == null || e.patient != patient) {
            // A patient seen for the first time, or their registry entry replaced: all types at once, a dozen small values.
            e = new Entry(patient, computeAll(patient));
            byPatient.put(patient.id(), e);
        }
        return e.at(type.ordinal());
    }

    private Object[] computeAll(Patient patient) {
        Object[] values = new Object[TYPES.length];
        for (MeasurementType t : TYPES) {
            values[t.ordinal()] = compute.apply(patient, t);
        }
        return values;
    }

    /** Patients whose values are kept; for tests. */
    int size() {
        return byPatient.size();
    }

    private final class Entry {
        final Patient patient;
        final Object[] values;

        Entry(Patient patient, Object[] values) {
            this.patient = patient;
            this.values = values;
        }

        @SuppressWarnings("unchecked")
        T at(int i) {
            return (T) values[i];
        }
    }
}
