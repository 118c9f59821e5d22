package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.AlertEventType;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.rules.AlertChange;
import dk.telemed.gateway.rules.AlertLifecycle;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static dk.telemed.gateway.questionnaire.Shipped.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Symptom verdicts through the real alert lifecycle: one open alert per patient and
 * questionnaire, escalated by a worse answer, resolved by a calm one, acknowledged like any
 * other; and symptoms with a low SpO2 within the window make one red alert.
 */
class SymptomAlertsTest {
    static final Patient P = Shipped.patient("p-1", "copd");
    final AlertLifecycle lifecycle = new AlertLifecycle(Clock.fixed(T0.plus(Duration.ofDays(3)), ZoneOffset.UTC), Duration.ofDays(30),
            ZoneId.of("Europe/Copenhagen"));
    final Questionnaires shipped = Shipped.questionnaires();

    List<AlertChange> apply(List<Verdict> verdicts) {
        List<AlertChange> changes = new ArrayList<>();
        verdicts.forEach(v -> lifecycle.apply(v).ifPresent(changes::add));
        return changes;
    }

    List<AlertChange> answer(Response r) {
        Judgement j = SymptomRules.judge(r, r.questionnaire().rule(), List.of());
        return apply(List.of(SymptomVerdicts.of(P, r, j), SymptomVerdicts.answered(P, r)));
    }

    List<AlertChange> combined() {
        return apply(SymptomVerdicts.combined(P, shipped.combined(), shipped.askedOf(P), lifecycle::find));
    }

    void spo2(Severity severity, Instant measured) {
        String rule = "spo2." + severity.wireName() + ".below";
        lifecycle.apply(new Verdict.Alarm(AlertKey.band(P.id(), dk.telemed.gateway.model.MeasurementType.SPO2, dk.telemed.gateway.model.Direction.BELOW),
                P.careTeam(), severity, rule, OptionalDouble.of(92), "%", OptionalDouble.of(94), Optional.empty(), Optional.of(measured),
                "SpO2 92 % below 94 %"));
    }

    @Test
    void aYellowAnswerRaisesAWorseOneEscalatesAndACalmOneResolves() {
        List<AlertChange> raised = answer(Shipped.daily(P, T0, true, true, "white"));
        assertThat(raised).hasSize(1);
        OpenAlert alert = raised.get(0).alert();
        assertThat(alert.key()).isEqualTo(AlertKey.of("p-1", "symptoms", "copd-daily"));
        assertThat(alert.severity()).isEqualTo(Severity.YELLOW);
        assertThat(alert.rule()).isEqualTo("copd-daily.anthonisen.yellow");
        assertThat(alert.message()).contains("2 of 3 Anthonisen criteria (more breathless, more sputum)");
        assertThat(raised.get(0).event().event()).isEqualTo(AlertEventType.RAISED);

        assertThat(answer(Shipped.daily(P, T0.plus(Duration.ofHours(2)), true, true, "white"))).as("the same episode").isEmpty();

        List<AlertChange> worse = answer(Shipped.daily(P, T0.plus(Duration.ofDays(1)), true, true, "green"));
        assertThat(worse).singleElement().satisfies(c -> {
            assertThat(c.event().event()).isEqualTo(AlertEventType.ESCALATED);
            assertThat(c.alert().alertId()).isEqualTo(alert.alertId());
            assertThat(c.alert().severity()).isEqualTo(Severity.RED);
        });
        assertThat(lifecycle.acknowledge(alert.alertId(), "nurse", Optional.empty())).get()
                .satisfies(c -> assertThat(c.alert().state()).isEqualTo(AlertState.ACKNOWLEDGED));

        List<AlertChange> calm = answer(Shipped.daily(P, T0.plus(Duration.ofDays(2)), false, false, "white"));
        assertThat(calm).singleElement().satisfies(c -> assertThat(c.event().event()).isEqualTo(AlertEventType.RESOLVED));
        assertThat(lifecycle.find(alert.alertId())).isEmpty();
    }

    @Test
    void aRedeliveredAnswerRaisesNothingTwice() {
        Response r = Shipped.daily(P, T0, true, true, "green");
        assertThat(answer(r)).hasSize(1);
        assertThat(answer(r)).isEmpty();
    }

    @Test
    void yellowSymptomsAndAYellowSpo2WithinADayAreRed() {
        answer(Shipped.daily(P, T0, true, true, "white"));
        spo2(Severity.YELLOW, T0.plus(Duration.ofHours(24)));
        List<AlertChange> changes = combined();
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.alert().key()).isEqualTo(AlertKey.of("p-1", "symptoms", "combined"));
            assertThat(c.alert().severity()).isEqualTo(Severity.RED);
            assertThat(c.alert().rule()).isEqualTo("symptoms+spo2.red");
            assertThat(c.alert().message()).startsWith("Symptoms and saturation together within 24 h")
                    .contains("SpO2 92 % below 94 %", "2 of 3 Anthonisen criteria");
        });
        assertThat(combined()).as("checked again: the same alert stays").isEmpty();
    }

    @Test
    void symptomsAndSpo2MoreThanADayApartAreNotCombined() {
        answer(Shipped.daily(P, T0, true, true, "white"));
        spo2(Severity.YELLOW, T0.plus(Duration.ofHours(24)).plusSeconds(1));
        assertThat(combined()).isEmpty();
        assertThat(lifecycle.find(SymptomVerdicts.combinedKey("p-1"))).isEmpty();
    }

    @Test
    void eitherAloneIsNotCombinedAndTheCombinedAlertResolvesWhenSymptomsCalm() {
        spo2(Severity.YELLOW, T0);
        assertThat(combined()).isEmpty();
        answer(Shipped.daily(P, T0.minus(Duration.ofHours(3)), true, false, "yellow"));
        assertThat(combined()).hasSize(1);
        answer(Shipped.daily(P, T0.plus(Duration.ofHours(1)), false, false, "clear"));
        assertThat(combined()).singleElement().satisfies(c -> assertThat(c.event().event()).isEqualTo(AlertEventType.RESOLVED));
    }

    @Test
    void theCombinedRuleCanBeSwitchedOff() {
        answer(Shipped.daily(P, T0, true, true, "white"));
        spo2(Severity.YELLOW, T0);
        CombinedRule off = new CombinedRule(false, shipped.combined().type(), shipped.combined().window(), Severity.RED);
        assertThat(SymptomVerdicts.combined(P, off, shipped.askedOf(P), lifecycle::find)).isEmpty();
    }

    @Test
    void aMissingAnswerIsBlueAndTheAnswerResolvesIt() {
        MissingAnswers missing = new MissingAnswers(ZoneId.of("Europe/Copenhagen"), T0);
        Instant dayAndGrace = T0.plus(Duration.ofHours(30));
        assertThat(missing.check(P, shipped, dayAndGrace)).isEmpty();
        List<Verdict> due = missing.check(P, shipped, dayAndGrace.plusSeconds(1));
        assertThat(due).singleElement().satisfies(v -> {
            assertThat(v.key()).isEqualTo(AlertKey.of("p-1", "symptoms", "missing:copd-daily"));
            assertThat(((Verdict.Alarm) v).severity()).isEqualTo(Severity.BLUE);
        });
        assertThat(apply(due)).hasSize(1);
        Response r = Shipped.daily(P, dayAndGrace.plusSeconds(60), false, false, "clear");
        missing.answered(P.id(), "copd-daily", r.answeredAt());
        assertThat(answer(r)).singleElement().satisfies(c -> assertThat(c.event().event()).isEqualTo(AlertEventType.RESOLVED));
        assertThat(missing.check(P, shipped, dayAndGrace.plus(Duration.ofHours(2)))).isEmpty();
    }

    @Test
    void nothingIsMissingWhileThePatientIsPassive() {
        Patient away = new Patient("p-1", "nord-akut", P.conditions(), P.devices(), java.util.Map.of(), Optional.empty(), java.util.Map.of(),
                List.of(new dk.telemed.gateway.model.PassiveInterval(java.time.LocalDate.of(2026, 11, 22), java.time.LocalDate.of(2026, 11, 30),
                        Optional.empty())));
        MissingAnswers missing = new MissingAnswers(ZoneId.of("Europe/Copenhagen"), T0);
        assertThat(missing.check(away, shipped, T0.plus(Duration.ofDays(3))))
                .allSatisfy(v -> assertThat(v).isInstanceOf(Verdict.Clear.class)).isNotEmpty();
    }
}
