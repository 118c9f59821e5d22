package dk.telemed.gateway.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulesConfigTest {
    @Test
    void theShippedRulesSettings() throws Exception {
        RulesConfig r = new ConfigLoader(Map.of()).load(Optional.empty()).rules();
        assertThat(r.thresholds()).isEqualTo(RulesConfig.DEFAULT_THRESHOLDS);
        assertThat(r.zone()).isEqualTo(ZoneId.of("Europe/Copenhagen"));
        assertThat(r.lateAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(r.escalateAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.escalationTeam()).isEmpty();
        assertThat(r.technicalCareTeam()).isEqualTo("teknik");
    }

    @Test
    void everyRulesSettingHasAnEnvironmentVariable() throws Exception {
        RulesConfig r = new ConfigLoader(Map.of(
                "TELEMED_RULES_THRESHOLDS", "/etc/telemed/thresholds.yaml",
                "TELEMED_RULES_ESCALATION_CARE_TEAM", "kommune-akut",
                "TELEMED_RULES_LATE_AFTER_MINUTES", "120")).load(Optional.empty()).rules();
        assertThat(r.thresholds()).isEqualTo("/etc/telemed/thresholds.yaml");
        assertThat(r.escalationTeam()).contains("kommune-akut");
        assertThat(r.lateAfterMinutes()).isEqualTo(120);
    }

    @Test
    void badRulesSettingsAreNamed() {
        assertThatThrownBy(() -> new ConfigLoader(Map.of(
                "TELEMED_RULES_TIME_ZONE", "Mars/Olympus",
                "TELEMED_RULES_ESCALATION_CARE_TEAM", "kommune akut",
                "TELEMED_RULES_BATTERY_LOW_PERCENT", "0",
                "TELEMED_RULES_ESCALATE_AFTER_MINUTES", "0")).load(Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("rules.timeZone: 'Mars/Olympus' is not a time zone id")
                .hasMessageContaining("rules.escalationCareTeam: must be empty or match")
                .hasMessageContaining("rules.batteryLowPercent: must be between 1 and 99, is 0")
                .hasMessageContaining("rules.escalateAfterMinutes: must be at least 1, is 0")
                .hasMessageContaining("TELEMED_RULES_TIME_ZONE");
    }
}
