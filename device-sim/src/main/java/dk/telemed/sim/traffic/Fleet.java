package dk.telemed.sim.traffic;

import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.physiology.PatientModel;
import dk.telemed.sim.population.Device;
import dk.telemed.sim.population.Patient;
import dk.telemed.sim.population.Population;

import java.util.ArrayList;
import java.util.List;

/** Turns a population into devices ready to run. */
public final class Fleet {

    private Fleet() {
    }

    /**
     * @param connections patients are spread round-robin over this many connections; all devices
     *     of a patient share one, as they would share the patient's home hub
     */
    public static List<DeviceState> of(Population population, LocalClock clock, double alternateUnitsShare,
            int connections) {
        List<DeviceState> states = new ArrayList<>();
        for (Patient p : population.patients()) {
            PatientModel model = new PatientModel(population.seed(), p, clock);
            for (Device d : p.devices()) {
                states.add(new DeviceState(d, model, d.usesAlternateUnits(alternateUnitsShare),
                        p.index() % connections));
            }
        }
        return states;
    }
}
