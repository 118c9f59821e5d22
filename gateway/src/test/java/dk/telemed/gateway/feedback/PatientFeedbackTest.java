package dk.telemed.gateway.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.model.AlertKey;
import dk.telemed.gateway.model.AlertState;
import dk.telemed.gateway.model.DeviceLimit;
import dk.telemed.gateway.model.Language;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Reading;
import dk.telemed.gateway.model.Severity;
import dk.telemed.gateway.questionnaire.Judgement;
import dk.telemed.gateway.questionnaire.Shipped;
import dk.telemed.gateway.questionnaire.SymptomVerdicts;
import dk.telemed.gateway.registry.Patient;
import dk.telemed.gateway.registry.PatientRegistry;
import dk.telemed.gateway.registry.RegistryParser;
import dk.telemed.gateway.rules.BandResolver;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.rules.ThresholdsParser;
import dk.telemed.testsupport.ManualClock;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the patient reads after a reading, a response and an acknowledgement: received and
 * normal, advice with the team's phone for red, Danish unless the patient's language is set,
 * and never anything internal.
 */
class PatientFeedbackTest {
    static final Instant NOW = Instant.parse("2026-11-22T07:00:00Z");
    final List<String> topics = new ArrayList<>();
    final List<JsonNode> bodies = new ArrayList<>();
    final ObjectMapper json = new ObjectMapper();
    final PatientFeedback feedback;
    final PatientRegistry registry;

    PatientFeedbackTest() throws Exception {
        registry = new RegistryParser().parse("""
                patients:
                  - { id: p-0001, careTeam: nord-akut, conditions: [copd, diabetes], devices: [oxi-0001, gluco-0001] }
                  - { id: p-0002, careTeam: syd-hjemmepleje, conditions: [copd], devices: [oxi-0002] }
                """, "test");
        FeedbackSettings settings = FeedbackSettingsParser.load(Shipped.projectRoot().resolve("config/feedback.yaml").toString());
        BandResolver bands = new BandResolver(new ThresholdsParser().parse(
                Files.readString(Shipped.projectRoot().resolve("config/thresholds.yaml")), "thresholds"));
        BiFunction<String, byte[], Future<Void>> publish = (topic, body) -> {
            topics.add(topic);
            try {
                bodies.add(json.readTree(body));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return Future.succeededFuture();
        };
        // The pacing of a device's feedback is FeedbackOutboxTest's: here every message is published.
        feedback = new PatientFeedback(publish, new FeedbackOutbox(publish, Duration.ZERO, (millis, task) -> { }), () -> registry, bands, settings, new FeedbackTexts(settings, ZoneId.of("Europe/Copenhagen")), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static Reading reading(String patient, String device, MeasurementType type, double value) {
        return new Reading(patient, device, type, NOW, value);
    }

    @Test
    void aNormalReadingIsReceivedAndNormalOnTheDevicesOwnTopic() {
        feedback.readings(List.of(reading("p-0001", "oxi-0001", MeasurementType.SPO2, 95)), List.of());
        assertThat(topics).containsExactly("telemed/v1/devices/oxi-0001/feedback");
        JsonNode b = bodies.get(0);
        assertThat(b.get("kind").asText()).isEqualTo("reading");
        assertThat(b.get("status").asText()).isEqualTo("normal");
        assertThat(b.get("lang").asText()).isEqualTo("da");
        assertThat(b.get("text").asText()).isEqualTo("Tak, din måling er modtaget. Den er inden for dine grænser.");
    }

    @Test
    void aRedLowGlucoseGivesHypoAdviceWithTheTeamsPhoneAndHours() {
        feedback.readings(List.of(reading("p-0001", "gluco-0001", MeasurementType.GLUCOSE, 2.8)), List.of());
        JsonNode b = bodies.get(0);
        assertThat(b.get("status").asText()).isEqualTo("red");
        assertThat(b.get("text").asText()).contains("Dit blodsukker er for lavt", "15-20 g hurtigt sukker",
                "Ring til dit plejeteam på +45 99 99 12 34 (alle dage kl. 8-22)", "112");
    }

    @Test
    void theWorstReadingOfAMessageSpeaksAndADeviceLimitIsRed() {
        feedback.readings(List.of(reading("p-0001", "oxi-0001", MeasurementType.PULSE, 70),
                reading("p-0001", "oxi-0001", MeasurementType.PULSE, 115)), List.of());
        assertThat(bodies.get(0).get("status").asText()).isEqualTo("yellow");
        feedback.readings(List.of(), List.of(new DeviceLimit("p-0001", "gluco-0001", MeasurementType.GLUCOSE, NOW, DeviceLimit.Side.LO)));
        assertThat(bodies.get(1).get("status").asText()).isEqualTo("red");
        assertThat(bodies.get(1).get("text").asText()).contains("Dit blodsukker er for lavt");
    }

    @Test
    void aPatientWithEnglishSetReadsEnglish() {
        feedback.readings(List.of(reading("p-0002", "oxi-0002", MeasurementType.SPO2, 85)), List.of());
        JsonNode b = bodies.get(0);
        assertThat(b.get("lang").asText()).isEqualTo("en");
        assertThat(b.get("text").asText()).contains("Your oxygen saturation is low", "Call your care team on +45 99 99 56 78 (weekdays 8 am to 3 pm)");
    }

    @Test
    void aResponseIsAnsweredByItsJudgementWithTheHubsMsgId() {
        Patient p = registry.patient("p-0001").orElseThrow();
        var r = Shipped.daily(p, NOW, true, true, "green");
        feedback.response(p, r, new Judgement(Optional.of(Severity.RED), 3, 3, "copd-daily.anthonisen.red", "3 of 3"));
        feedback.response(p, r, new Judgement(Optional.empty(), 0, 2, "copd-daily.anthonisen", "0 of 3"));
        assertThat(topics).containsOnly("telemed/v1/devices/oxi-0001/feedback");
        assertThat(bodies.get(0).get("kind").asText()).isEqualTo("response");
        assertThat(bodies.get(0).get("status").asText()).isEqualTo("red");
        assertThat(bodies.get(0).get("text").asText()).contains("forværring af din KOL", "+45 99 99 12 34");
        assertThat(bodies.get(0).get("msgId").asText()).isEqualTo(r.msgId().orElseThrow());
        assertThat(bodies.get(1).get("text").asText()).isEqualTo("Tak for dine svar. De er modtaget.");
    }

    @Test
    void anAcknowledgementTellsEachOfThePatientsDevicesWithTheNoteToThePatientOnly() {
        OpenAlert alert = alert(AlertKey.of("p-0001", "spo2", "below"));
        feedback.seen(alert, Optional.of("Vi ringer til dig i eftermiddag."));
        assertThat(topics).containsExactly("telemed/v1/devices/oxi-0001/feedback", "telemed/v1/devices/gluco-0001/feedback");
        String text = bodies.get(0).get("text").asText();
        assertThat(text).isEqualTo("Dit plejeteam har set din måling fra 22.11. kl. 07:55. Besked fra dit plejeteam: Vi ringer til dig i eftermiddag.");
        assertThat(bodies.get(0).get("kind").asText()).isEqualTo("seen");
        feedback.seen(alert(AlertKey.of("p-0001", SymptomVerdicts.TYPE, "copd-daily")), Optional.empty());
        assertThat(bodies.get(2).get("text").asText()).startsWith("Dit plejeteam har set dine svar");
    }

    @Test
    void nothingInternalLeavesOnTheFeedbackTopic() {
        OpenAlert alert = alert(AlertKey.of("p-0001", "spo2", "below"));
        feedback.seen(alert, Optional.empty());
        feedback.readings(List.of(reading("p-0001", "oxi-0001", MeasurementType.SPO2, 85)), List.of());
        for (JsonNode b : bodies) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                keys.add(it.next());
            }
            assertThat(keys).isSubsetOf("kind", "status", "lang", "text", "at", "msgId");
            assertThat(b.toString()).doesNotContain(alert.alertId(), "p-0001", "nurse-anna", "internal note", "spo2.red", "nord-akut");
        }
    }

    @Test
    void aTechnicalAlertSaysNothingToThePatient() {
        feedback.seen(alert(AlertKey.battery("p-0001", "oxi-0001")), Optional.of("x"));
        assertThat(topics).isEmpty();
    }

    @Test
    void aBadFeedbackFileIsRefusedWithEveryProblemNamed() {
        assertThatThrownBy(() -> new FeedbackSettingsParser().parse("""
                language: de
                patients: { p-1: fr }
                careTeams: { nord: { phone: "call us", hours: { da: x } } }
                """, "f.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("f.yaml: .language: expected da or en")
                .hasMessageContaining(".patients.p-1: expected da or en")
                .hasMessageContaining(".careTeams.nord.phone: expected a phone number")
                .hasMessageContaining(".careTeams.nord.hours: expected { da:")
                .hasMessageContaining(".outOfHours: expected { da:");
    }

    @Test
    void aBodyIsByteForByteTheInterfacesMessage() {
        FeedbackMessage m = new FeedbackMessage(FeedbackMessage.Kind.RESPONSE, FeedbackMessage.Status.YELLOW, Language.DA,
                "Dit plejeteam ser på dem i dag: \"tak\"\n");
        assertThat(new String(feedback.body(m, Optional.of("hub-7/\"42\"")), StandardCharsets.UTF_8)).isEqualTo(
                "{\"kind\":\"response\",\"status\":\"yellow\",\"lang\":\"da\",\"text\":\"Dit plejeteam ser på dem i dag: \\\"tak\\\"\\n\","
                        + "\"at\":\"2026-11-22T07:00:00Z\",\"msgId\":\"hub-7/\\\"42\\\"\"}");
        assertThat(new String(feedback.body(m, Optional.empty()), StandardCharsets.UTF_8)).endsWith(",\"at\":\"2026-11-22T07:00:00Z\"}");
    }

    @Test
    void aBodyHoldsTheSendingTimeToTheDigitsItHas() {
        Instant[] sent = {Instant.parse("2026-11-22T07:00:00.120Z"), Instant.parse("2026-11-22T07:00:00.000123Z"),
                Instant.parse("2026-11-22T07:00:01.000000001Z")};
        Iterator<Instant> times = List.of(sent).iterator();
        PatientFeedback ticking = new PatientFeedback((t, b) -> Future.succeededFuture(), null, () -> registry, null, null, null,
                ManualClock.reading(times::next));
        FeedbackMessage m = new FeedbackMessage(FeedbackMessage.Kind.READING, FeedbackMessage.Status.NORMAL, Language.EN, "ok");
        for (Instant t : sent) {
            assertThat(new String(ticking.body(m, Optional.empty()), StandardCharsets.UTF_8)).contains("\"at\":\"" + t + "\"");
        }
    }

    static OpenAlert alert(AlertKey key) {
        return new OpenAlert("a-123", key, "nord-akut", Severity.RED, "spo2.red.below", AlertState.ACKNOWLEDGED, OptionalDouble.of(85), "%",
                OptionalDouble.of(90), Optional.empty(), Optional.of(Instant.parse("2026-11-22T06:55:00Z")), "SpO2 85 %", false, NOW, 2, 0,
                Optional.of("nurse-anna"), Optional.of(NOW), Optional.of("internal note"), NOW);
    }
}
