package dk.telemed.gateway.config;

import dk.telemed.gateway.model.Identifiers;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

/** The clinical rules' settings (see {@code rules:} in {@code config/gateway.yaml}). */
public record RulesConfig(String thresholds, String timeZone, int lateAfterMinutes, int escalateAfterMinutes,
                          int maxEscalations, String escalationCareTeam, int escalationCheckSeconds,
                          int missingCheckSeconds, String technicalCareTeam, int batteryLowPercent,
                          int batteryResolveMarginPercent, int historyCacheSeconds, int historyCacheMegabytes,
                          int openAlertsLookbackDays, int lanes) {
    /** The shipped value of {@code rules.thresholds}. */
    public static final String DEFAULT_THRESHOLDS = "config/thresholds.yaml";

    void validate(Problems p) {
        p.require(thresholds != null && !thresholds.isBlank(), "rules.thresholds", "must name the clinical defaults file");
        p.require(validZone(timeZone), "rules.timeZone", "'" + timeZone + "' is not a time zone id such as Europe/Copenhagen");
        p.atLeast(lateAfterMinutes, 1, "rules.lateAfterMinutes");
        p.atLeast(escalateAfterMinutes, 1, "rules.escalateAfterMinutes");
        p.between(maxEscalations, 0, 100, "rules.maxEscalations");
        p.require(escalationCareTeam.isEmpty() || Identifiers.isValid(escalationCareTeam), "rules.escalationCareTeam",
                "must be empty or match " + Identifiers.PATTERN_TEXT);
        p.atLeast(escalationCheckSeconds, 1, "rules.escalationCheckSeconds");
        p.atLeast(missingCheckSeconds, 1, "rules.missingCheckSeconds");
        p.require(Identifiers.isValid(technicalCareTeam), "rules.technicalCareTeam", "must match " + Identifiers.PATTERN_TEXT);
        p.between(batteryLowPercent, 1, 99, "rules.batteryLowPercent");
        p.between(batteryResolveMarginPercent, 0, 100 - batteryLowPercent, "rules.batteryResolveMarginPercent");
        p.atLeast(historyCacheSeconds, 0, "rules.historyCacheSeconds");
        p.atLeast(historyCacheMegabytes, 0, "rules.historyCacheMegabytes");
        p.atLeast(openAlertsLookbackDays, 1, "rules.openAlertsLookbackDays");
        p.between(lanes, 0, 64, "rules.lanes");
    }

    private static boolean validZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException | NullPointerException e) {
            return false;
        }
    }

    /** The most heap the rules' history may take, over all lanes: {@code rules.historyCacheMegabytes}, or a quarter of the heap. */
    public long historyCacheBytes() {
        return historyCacheMegabytes == 0 ? Runtime.getRuntime().maxMemory() / 4 : historyCacheMegabytes * 1024L * 1024L;
    }

    /** How many rules lanes run: {@code rules.lanes}, or one per core when it is 0. */
    public int laneCount() {
        return lanes == 0 ? Runtime.getRuntime().availableProcessors() : lanes;
    }

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public Duration lateAfter() {
        return Duration.ofMinutes(lateAfterMinutes);
    }

    public Duration escalateAfter() {
        return Duration.ofMinutes(escalateAfterMinutes);
    }

    public Optional<String> escalationTeam() {
        return escalationCareTeam.isEmpty() ? Optional.empty() : Optional.of(escalationCareTeam);
    }
}
