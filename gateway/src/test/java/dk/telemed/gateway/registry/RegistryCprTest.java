package dk.telemed.gateway.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryCprTest {
    final RegistryParser parser = new RegistryParser();

    private static String patientWith(String cprLine) {
        return """
                patients:
                  - id: p-0003
                    displayName: Ib Hansen
                    %s
                    careTeam: syd
                    conditions: [copd]
                    devices: [oxi-3]
                """.formatted(cprLine);
    }

    @Test
    void aCprNumberIsKeptForTheCareTeamButNeverInToString() throws Exception {
        Patient p = parser.parse(patientWith("cpr: \"010170-1234\""), "test").patient("p-0003").orElseThrow();
        assertThat(p.cpr()).contains("010170-1234");
        assertThat(p.toString()).doesNotContain("010170").doesNotContain("1234").doesNotContain("Ib Hansen");
    }

    @Test
    void withoutACprNumberThePatientHasNone() throws Exception {
        Patient p = parser.parse(patientWith("# no cpr"), "test").patient("p-0003").orElseThrow();
        assertThat(p.cpr()).isEmpty();
    }

    @Test
    void aMalformedCprNumberIsRefusedWithoutRepeatingIt() {
        for (String bad : new String[] {"\"0101701234\"", "\"320170-1234\"", "\"011370-1234\"", "\"290221-1234\"",
                "\"01017-12345\"", "10170"}) {
            assertThatThrownBy(() -> parser.parse(patientWith("cpr: " + bad), "test"))
                    .as(bad)
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("patients[0].cpr")
                    .hasMessageContaining("DDMMYY-XXXX")
                    .hasMessageNotContaining(bad.replace("\"", ""));
        }
    }

    @Test
    void theTwentyNinthOfFebruaryOnlyInALeapYear() {
        assertThat(Cpr.isValid("290220-1234")).isTrue();
        assertThat(Cpr.isValid("290200-1234")).isTrue();
        assertThat(Cpr.isValid("290221-1234")).isFalse();
        assertThat(Cpr.isValid("310470-1234")).isFalse();
        assertThat(Cpr.isValid("311270-1234")).isTrue();
    }
}
