package dk.telemed.sim.population;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Generates a deterministic population: the same seed and size always give the same patients,
 * and patient {@code k} is the same in every population that is at least {@code k} large.
 */
public final class PopulationGenerator {

    /** Conditions: about 55 % COPD only, 35 % diabetes only, 10 % both. */
    private static final double COPD_ONLY = 0.55;
    private static final double DIABETES_ONLY = 0.35;
    private static final double BP_CUFF_SHARE_OF_DIABETES = 1.0 / 3.0;
    private static final double RESP_RATE_OXIMETER_SHARE = 0.4;
    private static final double GOLDEN_FRACTION = 0.6180339887498949;
    /** How far the showcase patients are looked for; the condition mix puts them among the first few. */
    private static final int SHOWCASE_SCAN = 50;
    private static final long TREATMENT_DRAW = 7;

    private final long seed;

    public PopulationGenerator(long seed) {
        this.seed = seed;
    }

    public Population generate(int patients, List<String> careTeams) {
        if (patients < 1) {
            throw new IllegalArgumentException("patients must be at least 1");
        }
        if (careTeams.isEmpty()) {
            throw new IllegalArgumentException("at least one care team is needed");
        }
        int width = Math.max(4, Integer.toString(patients).length());
        Showcase showcase = showcase();
        List<Patient> list = new ArrayList<>(patients);
        for (int i = 0; i < patients; i++) {
            list.add(patient(i, width, careTeams.get(i % careTeams.size()), showcase));
        }
        return new Population(seed, careTeams, list);
    }

    /**
     * The first patients that show the rules judging a patient against their own level and
     * treatment in every demo: the first two with COPD only (one drifting down inside the bands,
     * one with a low personal normal) and the first with diabetes only (on diet). Found from the
     * seed alone, so patient k stays the same in every population that holds them.
     */
    private record Showcase(int drifting, int lowNormal, int onDiet) {
    }

    private Showcase showcase() {
        int drifting = -1;
        int lowNormal = -1;
        int onDiet = -1;
        for (int i = 0; i < SHOWCASE_SCAN && (drifting < 0 || lowNormal < 0 || onDiet < 0); i++) {
            List<Condition> c = conditions(i);
            if (c.equals(List.of(Condition.COPD))) {
                if (drifting < 0) {
                    drifting = i;
                } else if (lowNormal < 0) {
                    lowNormal = i;
                }
            } else if (c.equals(List.of(Condition.DIABETES)) && onDiet < 0) {
                onDiet = i;
            }
        }
        return new Showcase(drifting, lowNormal, onDiet);
    }

    private Optional<Treatment> treatment(int index, List<Condition> conditions, Showcase showcase) {
        if (!conditions.contains(Condition.DIABETES)) {
            return Optional.empty();
        }
        if (index == showcase.onDiet()) {
            return Optional.of(Treatment.DIET);
        }
        // A draw of its own, so the other draws of the patient (devices, baseline) stay as they were.
        double u = Seeds.unit(Seeds.key(seed, Stream.PATIENT.ordinal(), index, TREATMENT_DRAW));
        return Optional.of(u < 0.35 ? Treatment.INSULIN : u < 0.5 ? Treatment.SULFONYLUREA : u < 0.75 ? Treatment.DIET : Treatment.OTHER);
    }

    private Patient patient(int index, int width, String careTeam, Showcase showcase) {
        String number = zeroPad(index + 1, width);
        List<Condition> conditions = conditions(index);
        SplittableRandom r = Seeds.random(seed, Stream.PATIENT.ordinal(), index);
        Baseline baseline = baseline(r);
        Profile profile = index == showcase.drifting() ? Profile.DRIFTING_SPO2
                : index == showcase.lowNormal() ? Profile.LOW_NORMAL_SPO2 : Profile.ORDINARY;
        if (profile == Profile.DRIFTING_SPO2) {
            baseline = baseline.withSpo2(96);
        } else if (profile == Profile.LOW_NORMAL_SPO2) {
            baseline = baseline.withSpo2(86.5);
        }
        boolean hasBpCuff = conditions.contains(Condition.DIABETES) && r.nextDouble() < BP_CUFF_SHARE_OF_DIABETES;

        List<Device> devices = new ArrayList<>();
        for (DeviceKind kind : DeviceKind.values()) {
            boolean wanted = switch (kind) {
                case OXIMETER, SPIROMETER -> conditions.contains(Condition.COPD);
                case GLUCOMETER -> conditions.contains(Condition.DIABETES);
                case BP_CUFF -> hasBpCuff;
                case SCALE -> true; // every patient weighs themselves, one scale even with both conditions
            };
            if (wanted) {
                devices.add(device(kind, index, number));
            }
        }
        return new Patient(index, "p-" + number, careTeam, conditions, devices, baseline, profile,
                treatment(index, conditions, showcase));
    }

    /**
     * A Weyl sequence instead of independent draws: it spreads the condition mix evenly even over
     * ten patients, so a small demo registry still has both COPD and diabetes patients.
     */
    private List<Condition> conditions(int index) {
        double offset = Seeds.unit(Seeds.key(seed, Stream.CONDITION.ordinal()));
        double u = (offset + (index + 1) * GOLDEN_FRACTION) % 1.0;
        if (u < COPD_ONLY) {
            return List.of(Condition.COPD);
        }
        if (u < COPD_ONLY + DIABETES_ONLY) {
            return List.of(Condition.DIABETES);
        }
        return List.of(Condition.COPD, Condition.DIABETES);
    }

    private static Baseline baseline(SplittableRandom r) {
        return new Baseline(
                uniform(r, 91, 96),
                uniform(r, 62, 88),
                uniform(r, 14, 20),
                uniform(r, 1.0, 2.5),
                uniform(r, 0.50, 0.69),
                uniform(r, 120, 170),
                uniform(r, 55, 110),
                uniform(r, 0, 2 * Math.PI),
                uniform(r, 6, 10),
                uniform(r, 0.5, 1.3),
                uniform(r, 1.5, 3.5),
                uniform(r, 118, 150),
                uniform(r, 70, 90));
    }

    private Device device(DeviceKind kind, int patientIndex, String number) {
        SplittableRandom r = Seeds.random(seed, Stream.DEVICE.ordinal(), patientIndex, kind.ordinal());
        double styleDraw = r.nextDouble();
        TimestampStyle style = styleDraw < 0.6 ? TimestampStyle.UTC
                : styleDraw < 0.9 ? TimestampStyle.LOCAL_OFFSET
                : TimestampStyle.EPOCH_MILLIS;
        double unitDraw = r.nextDouble();
        boolean respRate = kind == DeviceKind.OXIMETER && r.nextDouble() < RESP_RATE_OXIMETER_SHARE;
        String firmware = kind.firmwareFamily() + "-" + (1 + r.nextInt(3)) + "." + r.nextInt(10) + "." + r.nextInt(20);
        int battery = 35 + r.nextInt(66);
        double drain = uniform(r, 0.3, 1.5);
        return new Device(kind.prefix() + "-" + number, kind, patientIndex, style, unitDraw, respRate, firmware,
                battery, drain);
    }

    private static double uniform(SplittableRandom r, double from, double to) {
        return from + (to - from) * r.nextDouble();
    }

    static String zeroPad(int value, int width) {
        String s = Integer.toString(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }
}
