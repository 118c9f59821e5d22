package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.ingest.Rejection;
import dk.telemed.gateway.model.RejectionCode;
import dk.telemed.gateway.registry.Patient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import static dk.telemed.gateway.questionnaire.Shipped.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** A valid response decodes whole; each way a response can be wrong has its code. */
class ResponseDecoderTest {
    static final Patient COPD = Shipped.patient("p-1", "copd");
    static final String DAILY = "\"breathless\": true, \"cough\": false, \"sputum_more\": true, \"sputum_colour\": \"green\"";
    final ResponseDecoder decoder = new ResponseDecoder(Clock.fixed(T0, ZoneOffset.UTC), 65536, Duration.ofMinutes(5));

    ResponseDecoder.Decoded decode(String payload) {
        ResponseDecoder.Parsed parsed = decoder.parse(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(ResponseDecoder.Parsed.Ok.class);
        return decoder.decode((ResponseDecoder.Parsed.Ok) parsed, "hub-p-1", COPD, Shipped.questionnaires());
    }

    static String daily(String answers) {
        return "{\"msgId\": \"r-1\", \"questionnaire\": \"copd-daily\", \"version\": 1, \"answeredAt\": \"2026-11-22T07:55:00+01:00\", "
                + "\"answers\": {" + answers + "}}";
    }

    List<RejectionCode> codes(String payload) {
        ResponseDecoder.Decoded d = decode(payload);
        assertThat(d).isInstanceOf(ResponseDecoder.Decoded.Invalid.class);
        return ((ResponseDecoder.Decoded.Invalid) d).rejections().stream().map(Rejection::code).toList();
    }

    @Test
    void aValidResponseDecodesInTheQuestionnairesOrder() {
        ResponseDecoder.Decoded d = decode(daily("\"sputum_colour\": \"green\", \"breathless\": true, \"cough\": false, \"sputum_more\": true, \"fever\": false"));
        Response r = ((ResponseDecoder.Decoded.Valid) d).response();
        assertThat(r.patientId()).isEqualTo("p-1");
        assertThat(r.msgId()).contains("r-1");
        assertThat(r.answeredAt()).isEqualTo(T0.minus(Duration.ofMinutes(5)));
        assertThat(r.answers().keySet()).containsExactly("breathless", "cough", "sputum_more", "sputum_colour", "fever");
        assertThat(r.answers().get("sputum_colour")).isEqualTo(new Answer.Choice("green", 4));
    }

    @Test
    void anOptionalItemMayBeLeftOut() {
        assertThat(decode(daily(DAILY))).isInstanceOf(ResponseDecoder.Decoded.Valid.class);
    }

    @Test
    void anUnknownQuestionnaireOrVersionOrOneNotAskedOfThePatient() {
        assertThat(codes(daily(DAILY).replace("copd-daily", "asthma-daily"))).containsExactly(RejectionCode.UNKNOWN_QUESTIONNAIRE);
        assertThat(codes(daily(DAILY).replace("\"version\": 1", "\"version\": 2"))).containsExactly(RejectionCode.UNKNOWN_QUESTIONNAIRE);
        assertThat(codes(daily("\"hypo\": \"none\", \"sick_day\": false").replace("copd-daily", "diabetes-daily")))
                .containsExactly(RejectionCode.UNKNOWN_QUESTIONNAIRE);
    }

    @Test
    void anUnknownItem() {
        assertThat(codes(daily(DAILY + ", \"wheeze\": true"))).containsExactly(RejectionCode.UNKNOWN_ITEM);
    }

    @Test
    void anAnswerOfTheWrongKindOrNotAnOption() {
        assertThat(codes(daily(DAILY.replace("\"breathless\": true", "\"breathless\": \"yes\"")))).containsExactly(RejectionCode.BAD_ANSWER);
        assertThat(codes(daily(DAILY.replace("\"green\"", "\"purple\"")))).containsExactly(RejectionCode.BAD_ANSWER);
        assertThat(codes(cat("\"cat_cough\": 2.5"))).containsExactly(RejectionCode.BAD_ANSWER);
    }

    @Test
    void aScaleAnswerOutOfRange() {
        assertThat(codes(cat("\"cat_cough\": 6"))).containsExactly(RejectionCode.OUT_OF_RANGE);
        assertThat(codes(cat("\"cat_cough\": -1"))).containsExactly(RejectionCode.OUT_OF_RANGE);
        assertThat(decode(cat("\"cat_cough\": 5"))).isInstanceOf(ResponseDecoder.Decoded.Valid.class);
        assertThat(decode(cat("\"cat_cough\": 0"))).isInstanceOf(ResponseDecoder.Decoded.Valid.class);
    }

    @Test
    void aRequiredItemLeftOutAndEveryProblemAtOnce() {
        assertThat(codes(daily("\"breathless\": true, \"cough\": false, \"sputum_more\": true"))).containsExactly(RejectionCode.MISSING_ANSWER);
        assertThat(codes(daily("\"breathless\": 1, \"wheeze\": true"))).containsExactlyInAnyOrder(RejectionCode.BAD_ANSWER,
                RejectionCode.UNKNOWN_ITEM, RejectionCode.MISSING_ANSWER, RejectionCode.MISSING_ANSWER, RejectionCode.MISSING_ANSWER);
    }

    @Test
    void missingFieldsTimestampsAndAnotherDevice() {
        assertThat(codes("{\"version\": 1, \"answeredAt\": 1, \"answers\": {}}")).containsExactly(RejectionCode.MISSING_FIELD);
        assertThat(codes("{\"questionnaire\": \"copd-daily\", \"answeredAt\": 1, \"answers\": {}}")).containsExactly(RejectionCode.MISSING_FIELD);
        assertThat(codes(daily(DAILY).replace("2026-11-22T07:55:00+01:00", "yesterday"))).containsExactly(RejectionCode.BAD_TIMESTAMP);
        assertThat(codes(daily(DAILY).replace("2026-11-22T07:55:00+01:00", "2026-11-22T09:00:00+01:00")))
                .containsExactly(RejectionCode.FUTURE_TIMESTAMP);
        assertThat(codes(daily(DAILY).replace("{\"msgId\"", "{\"deviceId\": \"hub-p-2\", \"msgId\""))).containsExactly(RejectionCode.DEVICE_MISMATCH);
    }

    @Test
    void payloadsThatAreNotAResponse() {
        assertThat(bad("")).isEqualTo(RejectionCode.MALFORMED_JSON);
        assertThat(bad("[1]")).isEqualTo(RejectionCode.MALFORMED_JSON);
        assertThat(bad("{\"answers\": {\"a\": 1, \"a\": 2}}")).isEqualTo(RejectionCode.MALFORMED_JSON);
        assertThat(bad("{\"msgId\": 7}")).isEqualTo(RejectionCode.MALFORMED_JSON);
        assertThat(bad("{\"x\": " + "[".repeat(50) + "]".repeat(50) + "}")).isEqualTo(RejectionCode.MALFORMED_JSON);
        assertThat(bad("{\"pad\": \"" + "A".repeat(70_000) + "\"}")).isEqualTo(RejectionCode.TOO_LARGE);
    }

    RejectionCode bad(String payload) {
        ResponseDecoder.Parsed p = decoder.parse(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(p).isInstanceOf(ResponseDecoder.Parsed.Bad.class);
        return ((ResponseDecoder.Parsed.Bad) p).rejection().code();
    }

    static String cat(String first) {
        return "{\"questionnaire\": \"copd-cat\", \"version\": 1, \"answeredAt\": \"2026-11-22T07:00:00Z\", \"answers\": {" + first
                + ", \"cat_phlegm\": 1, \"cat_chest\": 1, \"cat_breathless\": 1, \"cat_activities\": 1, \"cat_confidence\": 1, "
                + "\"cat_sleep\": 1, \"cat_energy\": 1}}";
    }
}
