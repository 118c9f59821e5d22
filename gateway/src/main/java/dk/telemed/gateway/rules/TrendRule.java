package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Direction;
import dk.telemed.gateway.model.LevelStatistic;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * A rule that judges a reading against the patient's own earlier readings, not a fixed
 * limit: the personal best (FEV1, peak flow) or the change over a window (weight).
 */
public sealed interface TrendRule permits TrendRule.PercentOfBest, TrendRule.Change {
    MeasurementType type();

    /** The rule's name within its type, e.g. {@code baseline}, {@code gain_3d}: the alert family. */
    String name();

    /** How far back the earlier readings reach. */
    Duration window();

    /** Fewer earlier readings than this in the window: no verdict, the baseline is not yet trustworthy. */
    int minReadings();

    /** The stable rule name of an alert at {@code severity}, e.g. {@code fev1.red.baseline}. */
    default String ruleName(Severity severity) {
        return type().wireName() + "." + severity.wireName() + "." + name();
    }

    /**
     * Alarming when the reading is strictly below a percentage of the personal best, the
     * {@code statistic} of the readings in the window before it: the peak-flow zones. The
     * maximum lets one lucky blow raise every later comparison; a high percentile or the
     * median does not.
     */
    record PercentOfBest(MeasurementType type, String name, Duration window, LevelStatistic statistic, int minReadings,
                         OptionalDouble redBelowPercent, OptionalDouble yellowBelowPercent,
                         double resolveMarginPercent) implements TrendRule {
        public OptionalDouble belowPercent(Severity severity) {
            return severity == Severity.RED ? redBelowPercent : severity == Severity.YELLOW ? yellowBelowPercent : OptionalDouble.empty();
        }
    }

    /**
     * Alarming when the reading lies strictly more than {@code limit} (or {@code limit} percent)
     * above the lowest (a gain) or below the highest (a loss) reading in the window before it.
     */
    record Change(MeasurementType type, String name, Duration window, int minReadings, Severity severity,
                  Direction direction, double limit, boolean percent, double resolveMargin) implements TrendRule {
        public boolean gain() {
            return direction == Direction.ABOVE;
        }
    }
}
