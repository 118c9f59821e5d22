package dk.telemed.gateway.fhir;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** QuestionnaireResponse's search parameters: each bound and the count checked, anything unknown refused. */
class QuestionnaireSearchTest {
    static QuestionnaireReads.Search parse(Map<String, List<String>> q) throws SearchParams.Invalid {
        return QuestionnaireReads.parse(q, 50, 1000);
    }

    @Test
    void boundsCountAndQuestionnaireByIdOrCanonicalUrl() throws Exception {
        QuestionnaireReads.Search s = parse(Map.of("patient", List.of("Patient/p-1"),
                "date", List.of("gt2026-12-01T00:00:00Z", "le2026-12-02T00:00:00+01:00"),
                "questionnaire", List.of("urn:telemed:fhir:questionnaire:copd-cat|1"), "_count", List.of("5000")));
        assertThat(s.patient()).isEqualTo("p-1");
        assertThat(s.from()).isEqualTo(Instant.parse("2026-12-01T00:00:00.000000001Z"));
        assertThat(s.to()).contains(Instant.parse("2026-12-01T23:00:00.000000001Z"));
        assertThat(s.questionnaire()).contains("copd-cat");
        assertThat(s.count()).as("capped").isEqualTo(1000);
        QuestionnaireReads.Search plain = parse(Map.of("patient", List.of("p-1")));
        assertThat(plain.from()).isEqualTo(Instant.EPOCH);
        assertThat(plain.to()).isEmpty();
        assertThat(plain.questionnaire()).isEqualTo(Optional.empty());
        assertThat(plain.count()).isEqualTo(50);
    }

    @Test
    void problemsAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> parse(Map.of())).hasMessageContaining("the patient parameter is required");
        assertThatThrownBy(() -> parse(Map.of("patient", List.of("p-1"), "code", List.of("x")))).hasMessageContaining("unknown search parameter 'code'");
        assertThatThrownBy(() -> parse(Map.of("patient", List.of("p-1"), "date", List.of("eq2026-12-01T00:00:00Z"))))
                .hasMessageContaining("must start with ge, gt, le or lt");
        assertThatThrownBy(() -> parse(Map.of("patient", List.of("p-1"), "date", List.of("ge2026-12-01")))).hasMessageContaining("RFC 3339");
        assertThatThrownBy(() -> parse(Map.of("patient", List.of("p-1"), "_count", List.of("-1")))).hasMessageContaining("_count must be");
    }
}
