package dk.telemed.sim.population;

import java.util.List;

/** The whole simulated population, as generated from a seed. */
public record Population(long seed, List<String> careTeams, List<Patient> patients) {

    public Population {
        careTeams = List.copyOf(careTeams);
        patients = List.copyOf(patients);
    }

    public List<Device> devices() {
        return patients.stream().flatMap(p -> p.devices().stream()).toList();
    }

    public Patient patientOf(Device device) {
        return patients.get(device.patientIndex());
    }
}
