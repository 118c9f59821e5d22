package dk.telemed.gateway.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementCoding;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries.Row;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SimpleQuantity;

import java.math.BigDecimal;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TimeZone;

/**
 * A stored reading (or a blood-pressure pair) as an R4 Observation: status final, the codings
 * and category of {@link MeasurementCoding}, the value in the canonical UCUM unit, the device,
 * and the reference range and interpretation from the bands that applied to it.
 */
final class ObservationMapper {
    static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String RANGE_MEANING = "http://terminology.hl7.org/CodeSystem/referencerange-meaning";
    private static final String VITAL_SIGNS = "http://hl7.org/fhir/StructureDefinition/vitalsigns";

    private ObservationMapper() {
    }

    static Observation map(Measurement m, AppliedBands bands) {
        return m instanceof Measurement.Panel p ? panel(p, bands) : single((Measurement.Single) m, bands);
    }

    private static Observation single(Measurement.Single s, AppliedBands bands) {
        Row r = s.row();
        MeasurementCoding.Entry entry = MeasurementCoding.of(r.type());
        Observation o = common(s, entry.category());
        // An unpaired half of a blood pressure is a vital sign without a profile of its own: the general one fits.
        entry.profile().or(() -> entry.category() == MeasurementCoding.Category.VITAL_SIGNS ? Optional.of(VITAL_SIGNS) : Optional.empty())
                .ifPresent(o.getMeta()::addProfile);
        o.setCode(concept(entry.codes(), entry.text()));
        o.setValue(quantity(r.type(), r.value()));
        bands.at(r.type(), r.ts()).ifPresent(b -> {
            Interpretation.of(r.value(), b).ifPresent(i -> o.addInterpretation(interpretation(i)));
            range(b, r.type()).ifPresent(o::addReferenceRange);
        });
        return o;
    }

    private static Observation panel(Measurement.Panel p, AppliedBands bands) {
        Observation o = common(p, MeasurementCoding.Category.VITAL_SIGNS);
        o.getMeta().addProfile(MeasurementCoding.BP_PROFILE);
        o.setCode(concept(List.of(MeasurementCoding.BP_PANEL), MeasurementCoding.BP_TEXT));
        for (Row r : List.of(p.systolic(), p.diastolic())) {
            MeasurementCoding.Entry entry = MeasurementCoding.of(r.type());
            Observation.ObservationComponentComponent c = o.addComponent();
            c.setCode(concept(entry.codes(), entry.text()));
            c.setValue(quantity(r.type(), r.value()));
            bands.at(r.type(), r.ts()).ifPresent(b -> {
                Interpretation.of(r.value(), b).ifPresent(i -> c.addInterpretation(interpretation(i)));
                range(b, r.type()).ifPresent(c::addReferenceRange);
            });
        }
        return o;
    }

    private static Observation common(Measurement m, MeasurementCoding.Category category) {
        Observation o = new Observation();
        o.setId(ObservationIds.of(m));
        o.setStatus(Observation.ObservationStatus.FINAL);
        o.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, category.code(), category.display())).setText(category.display()));
        o.setSubject(new Reference("Patient/" + FhirIds.of(m.patient())));
        o.setEffective(new DateTimeType(Date.from(m.ts()), TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC")));
        o.setDevice(new Reference("Device/" + FhirIds.of(m.device())));
        return o;
    }

    static CodeableConcept concept(List<MeasurementCoding.Code> codes, String text) {
        CodeableConcept concept = new CodeableConcept().setText(text);
        for (MeasurementCoding.Code c : codes) {
            concept.addCoding(new Coding(c.system(), c.code(), c.display()));
        }
        return concept;
    }

    private static Quantity quantity(MeasurementType type, double value) {
        return new Quantity().setValue(decimal(value)).setUnit(type.canonicalUnit())
                .setSystem(MeasurementCoding.UCUM).setCode(type.canonicalUnit());
    }

    private static CodeableConcept interpretation(Interpretation i) {
        return new CodeableConcept(new Coding(Interpretation.SYSTEM, i.code(), i.display())).setText(i.display());
    }

    private static Optional<Observation.ObservationReferenceRangeComponent> range(Bands b, MeasurementType type) {
        OptionalDouble low = Interpretation.low(b);
        OptionalDouble high = Interpretation.high(b);
        if (low.isEmpty() && high.isEmpty()) {
            return Optional.empty();
        }
        Observation.ObservationReferenceRangeComponent range = new Observation.ObservationReferenceRangeComponent();
        low.ifPresent(v -> range.setLow(simple(type, v)));
        high.ifPresent(v -> range.setHigh(simple(type, v)));
        range.setType(new CodeableConcept(new Coding(RANGE_MEANING, "normal", "Normal Range")).setText("Normal Range"));
        range.setText(describe(b, type));
        return Optional.of(range);
    }

    private static SimpleQuantity simple(MeasurementType type, double v) {
        SimpleQuantity q = new SimpleQuantity();
        q.setValue(decimal(v)).setUnit(type.canonicalUnit()).setSystem(MeasurementCoding.UCUM).setCode(type.canonicalUnit());
        return q;
    }

    /** Both bands in words, for a reader: the range itself can show only the normal one. */
    static String describe(Bands b, MeasurementType type) {
        StringBuilder text = new StringBuilder();
        limit(text, "red below", b.red().below(), type);
        limit(text, "yellow below", b.yellow().below(), type);
        limit(text, "yellow above", b.yellow().above(), type);
        limit(text, "red above", b.red().above(), type);
        return "Alert limits in force: " + text;
    }

    private static void limit(StringBuilder text, String name, OptionalDouble v, MeasurementType type) {
        if (v.isPresent()) {
            text.append(text.length() == 0 ? "" : "; ").append(name).append(' ')
                    .append(decimal(v.getAsDouble()).toPlainString()).append(' ').append(type.canonicalUnit());
        }
    }

    static BigDecimal decimal(double v) {
        BigDecimal d = BigDecimal.valueOf(v).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0) : d;
    }
}
