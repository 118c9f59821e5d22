package dk.telemed.sim.physiology;

import dk.telemed.sim.TestFleets;
import dk.telemed.sim.population.Device;
import dk.telemed.sim.population.DeviceKind;
import dk.telemed.sim.population.Patient;
import dk.telemed.sim.population.Profile;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's patients for the rules that judge against the patient's own level: one whose SpO2
 * drifts 5 points below its own median of 14 days while staying inside the COPD bands (90 %
 * and up), and one whose normal lies below the COPD red band.
 */
class OwnLevelProfilesTest {
    static final long DAY = 86_400_000L;
    static final long END = 1_795_000_000_000L;

    static double[] dailySpo2(Profile profile, int days) {
        Patient p = TestFleets.population(40, 42).patients().stream().filter(x -> x.profile() == profile).findFirst().orElseThrow();
        Device oximeter = p.devices().stream().filter(d -> d.kind() == DeviceKind.OXIMETER).findFirst().orElseThrow();
        PatientModel model = new PatientModel(42, p, new LocalClock(TestFleets.ZONE));
        SplittableRandom noise = new SplittableRandom(5);
        double[] values = new double[days];
        for (int d = 0; d < days; d++) {
            List<Reading> out = new ArrayList<>();
            model.measure(oximeter, END - (days - d) * DAY, noise, out);
            values[d] = Math.round(out.get(0).value());
        }
        return values;
    }

    @Test
    void theDriftingPatientFallsFivePointsFromTheOwnMedianInsideTheBands() {
        double[] v = dailySpo2(Profile.DRIFTING_SPO2, 40);
        boolean fellFive = false;
        for (int d = 14; d < v.length; d++) {
            double[] window = Arrays.copyOfRange(v, d - 14, d);
            Arrays.sort(window);
            fellFive |= window[6] - v[d] >= 5;
        }
        assertThat(fellFive).as("5 points below the median of the 14 days before, at least once: %s", Arrays.toString(v)).isTrue();
    }

    @Test
    void theLowNormalPatientSitsBelowTheCopdRedBand() {
        double[] v = dailySpo2(Profile.LOW_NORMAL_SPO2, 14);
        Arrays.sort(v);
        assertThat(v[6]).as("median of 14 days").isLessThan(88);
    }
}
