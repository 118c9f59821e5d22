package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementCoding;
import dk.telemed.gateway.model.MeasurementType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.hl7.fhir.r4.model.Enumerations;

import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;

/** {@code GET /fhir/metadata}: exactly the reads and searches served, nothing more. */
final class Capability {
    private Capability() {
    }

    static CapabilityStatement statement(Date started) {
        CapabilityStatement cs = new CapabilityStatement();
        cs.setStatus(Enumerations.PublicationStatus.ACTIVE);
        cs.setDate(started);
        cs.setKind(CapabilityStatement.CapabilityStatementKind.INSTANCE);
        cs.setName("TelemedGateway");
        cs.setDescription("Home telemedicine readings, devices and alerts of the patients of the reader's care teams, read-only.");
        cs.getSoftware().setName("telemed-gateway");
        cs.getImplementation().setDescription("Telemed gateway FHIR R4 interface (read-only)");
        cs.setFhirVersion(Enumerations.FHIRVersion._4_0_1);
        cs.addFormat("json");
        cs.addFormat("application/fhir+json");
        CapabilityStatement.CapabilityStatementRestComponent rest = cs.addRest();
        rest.setMode(CapabilityStatement.RestfulCapabilityMode.SERVER);
        rest.getSecurity().setDescription("A bearer token of a registered system (Authorization: Bearer ...) or a signed-in"
                + " session; each reader sees the patients of its care teams only. This statement is public.");

        resource(rest, "Patient", TypeRestfulInteraction.READ);
        resource(rest, "Device", TypeRestfulInteraction.READ);
        CapabilityStatementRestResourceComponent obs = resource(rest, "Observation", TypeRestfulInteraction.READ,
                TypeRestfulInteraction.SEARCHTYPE);
        obs.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Required: the patient's id.");
        obs.addSearchParam().setName("code").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("system|code or code; several separated by commas.");
        obs.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE)
                .setDocumentation("ge, gt, le or lt and an RFC 3339 time with an offset; one lower and one upper bound.");
        profiles().forEach(obs::addSupportedProfile);
        CapabilityStatementRestResourceComponent flag = resource(rest, "Flag", TypeRestfulInteraction.SEARCHTYPE);
        flag.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Required: the patient's id.");
        flag.addSearchParam().setName("status").setType(Enumerations.SearchParamType.TOKEN)
                .setDocumentation("active (not resolved) or inactive (resolved).");
        resource(rest, "Questionnaire", TypeRestfulInteraction.READ, TypeRestfulInteraction.SEARCHTYPE);
        CapabilityStatementRestResourceComponent qr = resource(rest, "QuestionnaireResponse", TypeRestfulInteraction.SEARCHTYPE);
        qr.addSearchParam().setName("patient").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("Required: the patient's id.");
        qr.addSearchParam().setName("date").setType(Enumerations.SearchParamType.DATE)
                .setDocumentation("When answered: ge, gt, le or lt and an RFC 3339 time with an offset.");
        qr.addSearchParam().setName("questionnaire").setType(Enumerations.SearchParamType.REFERENCE)
                .setDocumentation("The questionnaire's id or canonical URL.");
        return cs;
    }

    private static CapabilityStatementRestResourceComponent resource(CapabilityStatement.CapabilityStatementRestComponent rest,
                                                                      String type, TypeRestfulInteraction... interactions) {
        CapabilityStatementRestResourceComponent r = rest.addResource().setType(type);
        Arrays.stream(interactions).forEach(i -> r.addInteraction().setCode(i));
        return r;
    }

    private static Set<String> profiles() {
        Set<String> profiles = new LinkedHashSet<>();
        for (MeasurementType t : MeasurementType.values()) {
            MeasurementCoding.of(t).profile().ifPresent(profiles::add);
        }
        profiles.add(MeasurementCoding.BP_PROFILE);
        profiles.add("http://hl7.org/fhir/StructureDefinition/vitalsigns");
        return profiles;
    }
}
