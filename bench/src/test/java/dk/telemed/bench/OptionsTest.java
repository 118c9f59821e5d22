package dk.telemed.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    @Test
    void gatewayJvmOptionsAreCollectedInOrder() {
        Main.Options o = Main.Options.parse(new String[]{"--gateway-jvm", "-XX:+UseBiasedLocking", "--only", "gateway",
                "--gateway-jvm", "-Dtelemed.x=1"});
        assertThat(o.gatewayJvm).containsExactly("-XX:+UseBiasedLocking", "-Dtelemed.x=1");
        assertThat(o.phases).containsExactly("gateway");
        assertThat(Main.Options.parse(new String[0]).gatewayJvm).isEmpty();
    }

    @Test
    void anOptionWithoutItsValueIsNamed() {
        assertThatThrownBy(() -> Main.Options.parse(new String[]{"--gateway-jvm"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("--gateway-jvm needs a value");
        assertThatThrownBy(() -> Main.Options.parse(new String[]{"--only", "gateway,nonsense"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nonsense");
    }
}
