package dk.telemed.gateway.registry;

import java.util.List;

/**
 * Told after a new registry snapshot took effect (a file reload or a clinician's change on
 * the dashboard), with what changed for whom. Called on the thread that made the change;
 * a listener that must do more than note it hands the work on.
 */
public interface RegistryListener {
    void changed(PatientRegistry before, PatientRegistry after, List<RegistryChanges.Change> changes);
}
