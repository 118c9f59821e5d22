package dk.telemed.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MosquittoSettingsTest {
    private static final String CONFIG = """
            # max_queued_messages is explained here
            max_queued_messages 1000000
            max_queued_bytes 0
            """;

    @Test
    void replacesTheSettingLineOnly() {
        assertThat(MosquittoSettings.override(CONFIG, Map.of("max_queued_messages", "100")))
                .contains("# max_queued_messages is explained here")
                .contains("\nmax_queued_messages 100\n")
                .doesNotContain("1000000");
    }

    @Test
    void unknownSettingIsAnError() {
        assertThatThrownBy(() -> MosquittoSettings.override(CONFIG, Map.of("max_queued_mesages", "1")))
                .hasMessageContaining("max_queued_mesages");
    }
}
