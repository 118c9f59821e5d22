package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A value per patient and measurement type, held by patient and then by the type's ordinal:
 * one map entry per patient rather than one keyed string per patient and type, which matters
 * when every patient of a large registry is here. Not thread-safe.
 */
final class PatientSeries<V> {
    private static final int TYPES = MeasurementType.values().length;

    private final Map<String, Object[]> byPatient = new HashMap<>();

    @SuppressWarnings("unchecked")
    V get(String patient, MeasurementType type) {
        Object[] ofPatient = byPatient.get(patient);
        return ofPatient == null ? null : (V) ofPatient[type.ordinal()];
    }

    void put(String patient, MeasurementType type, V value) {
        byPatient.computeIfAbsent(patient, k -> new Object[TYPES])[type.ordinal()] = value;
    }

    /** Forgets the values {@code drop} accepts, and the patients left with none. */
    @SuppressWarnings("unchecked")
    void removeIf(Predicate<V> drop) {
        for (Iterator<Object[]> it = byPatient.values().iterator(); it.hasNext(); ) {
            Object[] ofPatient = it.next();
            boolean any = false;
            for (int i = 0; i < ofPatient.length; i++) {
                if (ofPatient[i] != null && drop.test((V) ofPatient[i])) {
                    ofPatient[i] = null;
                }
                any |= ofPatient[i] != null;
            }
            if (!any) {
                it.remove();
            }
        }
    }

    /** Each value held, in no particular order. */
    @SuppressWarnings("unchecked")
    void forEach(Consumer<V> action) {
        for (Object[] ofPatient : byPatient.values()) {
            for (Object v : ofPatient) {
                if (v != null) {
                    action.accept((V) v);
                }
            }
        }
    }

    /** How many values are held. */
    int size() {
        int size = 0;
        for (Object[] ofPatient : byPatient.values()) {
            for (Object v : ofPatient) {
                size += v == null ? 0 : 1;
            }
        }
        return size;
    }
}
