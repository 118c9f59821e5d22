package dk.telemed.gateway.registry;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable snapshot of the registry: patients by id and the device → patient index. */
public final class PatientRegistry {
    private final Map<String, Patient> patientsById;
    private final Map<String, Patient> ownerByDevice;

    PatientRegistry(List<Patient> patients) {
        Map<String, Patient> byId = new LinkedHashMap<>();
        Map<String, Patient> byDevice = new HashMap<>();
        for (Patient p : patients) {
            byId.put(p.id(), p);
            p.devices().forEach(d -> byDevice.put(d, p));
        }
        this.patientsById = Map.copyOf(byId);
        this.ownerByDevice = Map.copyOf(byDevice);
    }

    public Optional<Patient> ownerOf(String deviceId) {
        return Optional.ofNullable(ownerByDevice.get(deviceId));
    }

    public Optional<Patient> patient(String id) {
        return Optional.ofNullable(patientsById.get(id));
    }

    public Collection<Patient> patients() {
        return patientsById.values();
    }

    public int deviceCount() {
        return ownerByDevice.size();
    }
}
