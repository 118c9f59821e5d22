package dk.telemed.gateway.it;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.util.List;

/**
 * HAPI FHIR's own validator, offline: the R4 base definitions and the vital-signs profiles
 * that ship with it, and the code systems it knows without a terminology server. Errors fail
 * a test; warnings are printed for a person to read.
 */
final class FhirValidation {
    private final FhirValidator validator;

    FhirValidation(FhirContext fhir) {
        this(fhir, List.of());
    }

    /** @param known resources the validator resolves by canonical URL: questionnaires, so a response is checked against its own */
    FhirValidation(FhirContext fhir, List<IBaseResource> known) {
        PrePopulatedValidationSupport served = new PrePopulatedValidationSupport(fhir);
        known.forEach(served::addResource);
        ValidationSupportChain support = new ValidationSupportChain(new DefaultProfileValidationSupport(fhir), served,
                new InMemoryTerminologyServerValidationSupport(fhir), new CommonCodeSystemsTerminologyService(fhir));
        validator = fhir.newValidator().registerValidatorModule(new FhirInstanceValidator(support));
    }

    /** The errors (and fatal errors) of one resource; its warnings are printed. */
    List<String> errors(IBaseResource resource, String what) {
        List<SingleValidationMessage> messages = validator.validateWithResult(resource).getMessages();
        messages.stream().filter(m -> m.getSeverity() == ResultSeverityEnum.WARNING)
                .forEach(m -> System.out.println("FHIR validation warning (" + what + "): " + m.getLocationString() + " " + m.getMessage()));
        return messages.stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> what + ": " + m.getLocationString() + " " + m.getMessage()).toList();
    }
}
