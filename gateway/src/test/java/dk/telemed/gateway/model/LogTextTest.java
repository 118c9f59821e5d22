package dk.telemed.gateway.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {
    @Test
    void aForgedLogLineStaysOnItsLine() {
        String forged = "m-1\n2026-12-06T10:00:00.000Z ERROR [main] Gateway - patient p-0001 deleted\r";
        String escaped = LogText.escape(forged);
        assertThat(escaped).doesNotContain("\n").doesNotContain("\r")
                .isEqualTo("m-1\\n2026-12-06T10:00:00.000Z ERROR [main] Gateway - patient p-0001 deleted\\r");
    }

    @Test
    void everyControlAndSeparatorCharacterIsWrittenAsAnEscape() {
        assertThat(LogText.escape("a\u0000b\u001bc\u007fd\u0085e\u2028f\u2029g\u202eh\ti\\j"))
                .isEqualTo("a\\u0000b\\u001bc\\u007fd\\u0085e\\u2028f\\u2029g\\u202eh\\ti\\\\j");
    }

    @Test
    void ordinaryTextIsUnchangedAndLongTextIsCut() {
        assertThat(LogText.escape("oxi-0001 Ærø å")).isEqualTo("oxi-0001 Ærø å");
        assertThat(LogText.escape(null)).isEqualTo("(none)");
        assertThat(LogText.escape("x".repeat(LogText.MAX_CHARS + 10)))
                .isEqualTo("x".repeat(LogText.MAX_CHARS) + "...(10 more characters)");
    }
}
