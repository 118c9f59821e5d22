package dk.telemed.gateway.fhir;

import dk.telemed.gateway.registry.Patient;
import org.hl7.fhir.r4.model.Identifier;

/** The Patient: its pseudonymous id and nothing else that could identify a person (no name, no CPR number). */
final class PatientMapper {
    static final String SYSTEM = "urn:telemed:patient";

    private PatientMapper() {
    }

    static org.hl7.fhir.r4.model.Patient map(Patient p) {
        org.hl7.fhir.r4.model.Patient patient = new org.hl7.fhir.r4.model.Patient();
        patient.setId(FhirIds.of(p.id()));
        patient.addIdentifier(new Identifier().setSystem(SYSTEM).setValue(p.id()).setUse(Identifier.IdentifierUse.SECONDARY));
        patient.setActive(true);
        return patient;
    }
}
