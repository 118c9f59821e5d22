package dk.telemed.sim.population;

/**
 * A patient's personal normal, around which the daily rhythm, noise and bad days vary. Every
 * patient gets every field so that the code stays free of nulls; only the fields of the
 * patient's devices are ever used.
 *
 * @param spo2 resting SpO2 in % (COPD patients live at 91–96 %)
 * @param pulse resting heart rate in /min
 * @param respRate resting respiratory rate in /min
 * @param fev1 FEV1 in L on a good day
 * @param fev1FvcRatio FEV1/FVC; below 0.7 is what makes it COPD
 * @param pefPerLitreFev1 PEF (L/min) per litre of FEV1, so PEF moves with FEV1
 * @param weight body weight in kg
 * @param weightPhase phase of the slow weight drift, in radians
 * @param glucoseMean mean capillary glucose in mmol/L
 * @param glucoseSd day-to-day glucose variability in mmol/L
 * @param mealRise glucose rise about an hour after a meal in mmol/L
 * @param bpSys systolic blood pressure in mm[Hg]
 * @param bpDia diastolic blood pressure in mm[Hg]
 */
public record Baseline(
        double spo2,
        double pulse,
        double respRate,
        double fev1,
        double fev1FvcRatio,
        double pefPerLitreFev1,
        double weight,
        double weightPhase,
        double glucoseMean,
        double glucoseSd,
        double mealRise,
        double bpSys,
        double bpDia) {

    /** The same patient with another SpO2 baseline. */
    public Baseline withSpo2(double value) {
        return new Baseline(value, pulse, respRate, fev1, fev1FvcRatio, pefPerLitreFev1, weight, weightPhase, glucoseMean,
                glucoseSd, mealRise, bpSys, bpDia);
    }
}
