package dk.telemed.gateway.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertKeyTest {
    @Test
    void aLowBatteryKeepsItsDeviceAsAFieldAndItsTextAsBefore() {
        AlertKey key = AlertKey.battery("p-0001", "oxi-0001");
        assertThat(key).isEqualTo(new AlertKey.Battery("p-0001", "oxi-0001"));
        assertThat(key.isDevice()).isTrue();
        // The stored text and the alert ids derived from it (docs/clinical-rules.md): unchanged.
        assertThat(key.id()).isEqualTo("p-0001|device|battery.low:oxi-0001");
        assertThat(AlertKey.parse(key.id())).contains(key);
    }

    @Test
    void aClinicalKeyReadsBackFromItsText() {
        AlertKey key = AlertKey.band("p-0001", MeasurementType.SPO2, Direction.BELOW);
        assertThat(key.id()).isEqualTo("p-0001|spo2|below");
        assertThat(key.isDevice()).isFalse();
        assertThat(AlertKey.parse(key.id())).contains(key);
        assertThat(AlertKey.parse("p-0001|copd_cat|missing.cat")).contains(AlertKey.of("p-0001", "copd_cat", "missing.cat"));
    }

    @Test
    void textOfAnotherShapeIsNoKey() {
        assertThat(AlertKey.parse("p-0001|spo2")).isEmpty();
        assertThat(AlertKey.parse(null)).isEmpty();
        assertThat(AlertKey.parse("p-0001|device|fan.stuck")).isEmpty();
        assertThat(AlertKey.parse("p-0001|device|battery.low:")).isEmpty();
    }

    @Test
    void aDevicesAlertCannotBeWrittenAsARule() {
        assertThatThrownBy(() -> AlertKey.of("p-0001", AlertKey.DEVICE_TYPE, "battery.low:oxi-0001"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("AlertKey.Battery");
    }
}
