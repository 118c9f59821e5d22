package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementCoding;
import dk.telemed.gateway.model.MeasurementType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * A registered device: its id, the patient it is registered to, and as its type what it has
 * measured (the registry does not say what kind of device it is; its readings do).
 */
final class DeviceMapper {
    static final String SYSTEM = "urn:telemed:device";

    private DeviceMapper() {
    }

    static Device map(String deviceId, String patientId, Set<MeasurementType> measured) {
        Device device = new Device();
        device.setId(FhirIds.of(deviceId));
        device.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(deviceId));
        device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
        device.setPatient(new Reference("Patient/" + FhirIds.of(patientId)));
        String what = measured.isEmpty() ? "Home measuring device (nothing measured yet)"
                : "Home measuring device for " + measured.stream().sorted()
                .map(t -> MeasurementCoding.of(t).text().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
        device.setType(new CodeableConcept().setText(what));
        return device;
    }
}
