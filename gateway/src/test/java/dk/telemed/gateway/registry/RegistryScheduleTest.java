package dk.telemed.gateway.registry;

import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.PassiveInterval;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Per-patient measurement plans and passive intervals in the registry. */
class RegistryScheduleTest {
    final RegistryParser parser = new RegistryParser();

    @Test
    void aPlanOverrideAndAPassiveIntervalParse() throws Exception {
        Patient p = parser.parse("""
                patients:
                  - id: p-0001
                    careTeam: nord-akut
                    conditions: [copd]
                    devices: [oxi-0001]
                    plan:
                      spo2: { every: P1D }
                      weight: none
                    passive:
                      - { from: 2026-12-01, to: 2026-12-14, reason: "indlagt" }
                """, "test").patient("p-0001").orElseThrow();
        assertThat(p.planOverrides()).containsEntry(MeasurementType.SPO2, MeasurementPlan.every(Duration.ofDays(1)))
                .containsEntry(MeasurementType.WEIGHT, MeasurementPlan.NONE);
        assertThat(p.passive()).containsExactly(new PassiveInterval(LocalDate.parse("2026-12-01"),
                LocalDate.parse("2026-12-14"), Optional.of("indlagt")));
        assertThat(p.passive().get(0).toString()).doesNotContain("indlagt");
    }

    @Test
    void aPassiveIntervalCoversBothDaysWholeInTheCareTeamsZone() {
        ZoneId cph = ZoneId.of("Europe/Copenhagen");
        PassiveInterval holiday = new PassiveInterval(LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-14"), Optional.empty());
        assertThat(holiday.covers(Instant.parse("2026-11-30T22:59:59Z"), cph)).isFalse();
        assertThat(holiday.covers(Instant.parse("2026-11-30T23:00:00Z"), cph)).isTrue();
        assertThat(holiday.covers(Instant.parse("2026-12-14T22:59:59Z"), cph)).isTrue();
        assertThat(holiday.covers(Instant.parse("2026-12-14T23:00:00Z"), cph)).isFalse();
    }

    @Test
    void planAndPassiveProblemsNameTheirPath() {
        assertThatThrownBy(() -> parser.parse("""
                patients:
                  - id: p-1
                    careTeam: nord
                    conditions: [copd]
                    devices: [oxi-1]
                    plan:
                      spo2: { every: daily }
                      mood: { every: P1D }
                      weight: { every: P1D, often: yes }
                      pulse: sometimes
                    passive:
                      - { from: 2026-12-14, to: 2026-12-01 }
                      - { from: 1 dec, to: 2026-12-01, why: x }
                      - { to: 2026-12-01 }
                """, "patients.yaml"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("patients[0].plan.spo2.every: 'daily' is not a positive ISO-8601 duration")
                .hasMessageContaining("patients[0].plan.mood: unknown measurement type")
                .hasMessageContaining("patients[0].plan.weight.often: unknown key")
                .hasMessageContaining("patients[0].plan.pulse: expected { every:")
                .hasMessageContaining("patients[0].passive[0].to: 2026-12-01 is before from 2026-12-14")
                .hasMessageContaining("patients[0].passive[1].from: '1 dec' is not a date")
                .hasMessageContaining("patients[0].passive[1].why: unknown key")
                .hasMessageContaining("patients[0].passive[2].from: missing");
    }

    @Test
    void aRedLimitInsideTheYellowOneIsRefused() {
        assertThatThrownBy(() -> parser.parse("""
                patients:
                  - id: p-1
                    careTeam: nord
                    conditions: [copd]
                    devices: [oxi-1]
                    thresholds:
                      spo2: { red: { below: 90 }, yellow: { below: 88 } }
                      pulse: { red: { above: 100 }, yellow: { above: 120 } }
                """, "patients.yaml"))
                .hasMessageContaining("patients[0].thresholds.spo2.red.below: 90.0 is above yellow.below 88.0")
                .hasMessageContaining("patients[0].thresholds.pulse.red.above: 100.0 is below yellow.above 120.0");
    }
}
