package dk.telemed.gateway.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dk.telemed.gateway.model.MeasurementCoding;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries.AlertRecord;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;

/**
 * An alert as a Flag: category clinical, the measurement's codings with the alert's sentence
 * as text, the period from raised to resolved, and the severity and rule as extensions
 * ({@value #SEVERITY}, {@value #RULE}). Active until resolved.
 */
final class FlagMapper {
    static final String SEVERITY = "urn:telemed:fhir:alert-severity";
    static final String RULE = "urn:telemed:fhir:alert-rule";
    private static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/flag-category";

    private FlagMapper() {
    }

    static Flag map(String patient, AlertRecord a) {
        Flag flag = new Flag();
        flag.setId(a.alertId());
        flag.addExtension(SEVERITY, new CodeType(a.severity()));
        flag.addExtension(RULE, new StringType(a.rule()));
        flag.setStatus(a.resolved().isPresent() ? Flag.FlagStatus.INACTIVE : Flag.FlagStatus.ACTIVE);
        flag.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, "clinical", "Clinical")).setText("Clinical"));
        Optional<MeasurementType> type = MeasurementType.fromWireName(a.type());
        CodeableConcept code = type.map(t -> ObservationMapper.concept(MeasurementCoding.of(t).loinc().stream().toList(), a.message()))
                .orElseGet(() -> new CodeableConcept().setText(a.message()));
        if (code.getText() == null || code.getText().isBlank()) {
            code.setText(a.rule());
        }
        flag.setCode(code);
        flag.setSubject(new Reference("Patient/" + FhirIds.of(patient)));
        Period period = new Period().setStartElement(time(a.raised()));
        a.resolved().ifPresent(r -> period.setEndElement(time(r)));
        flag.setPeriod(period);
        return flag;
    }

    private static DateTimeType time(Instant t) {
        return new DateTimeType(Date.from(t), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC"));
    }
}
