package dk.telemed.sim;

import dk.telemed.sim.payload.PayloadEncoder;
import dk.telemed.sim.physiology.LocalClock;
import dk.telemed.sim.population.Population;
import dk.telemed.sim.population.PopulationGenerator;
import dk.telemed.sim.traffic.DeviceState;
import dk.telemed.sim.traffic.Fleet;
import dk.telemed.sim.traffic.Planned;

import java.time.ZoneId;
import java.util.List;

/** Small helpers to build a population and encode what a source plans, as the run loop does. */
public final class TestFleets {

    public static final ZoneId ZONE = ZoneId.of("Europe/Copenhagen");
    public static final List<String> TEAMS = List.of("nord-akut", "syd-hjemmepleje");

    private TestFleets() {
    }

    public static Population population(int patients, long seed) {
        return new PopulationGenerator(seed).generate(patients, TEAMS);
    }

    public static List<DeviceState> devices(Population population, double alternateShare) {
        return Fleet.of(population, new LocalClock(ZONE), alternateShare, 1);
    }

    public static byte[] encode(PayloadEncoder encoder, Planned p) {
        DeviceState d = p.device();
        long n = d.nextMessageNumber();
        return p.batchForm()
                ? encoder.batch(d.device().id(), n, p.readings(), d.alternateUnits(), d.device().timestampStyle())
                : encoder.single(d.device().id(), n, p.readings().get(0), d.alternateUnits(),
                        d.device().timestampStyle());
    }
}
