package dk.telemed.gateway.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;

/** Error bodies: one OperationOutcome issue whose text says what to do. */
final class Outcomes {
    private Outcomes() {
    }

    static OperationOutcome error(OperationOutcome.IssueType type, String text) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type).setDiagnostics(text)
                .getDetails().setText(text);
        return outcome;
    }
}
