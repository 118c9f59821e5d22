package dk.telemed.gateway.fhir;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FhirIdsTest {
    @Test
    void anIdInFhirsAlphabetIsServedAsItIs() {
        assertThat(FhirIds.of("p-0001")).isEqualTo("p-0001");
        assertThat(FhirIds.of("oxi.0001")).isEqualTo("oxi.0001");
    }

    @Test
    void anIdWithAnUnderscoreBecomesAStableHashInFhirsAlphabet() {
        String id = FhirIds.of("oxi_0001");
        assertThat(id).startsWith("h.").hasSize(34).matches("[A-Za-z0-9\\-.]{1,64}");
        assertThat(FhirIds.of("oxi_0001")).isEqualTo(id);
        assertThat(FhirIds.of("oxi_0002")).isNotEqualTo(id);
    }
}
