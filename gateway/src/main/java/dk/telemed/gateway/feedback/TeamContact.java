package dk.telemed.gateway.feedback;

import dk.telemed.gateway.questionnaire.Text;

/** How a patient reaches the care team's acute line: the number and when it answers. */
public record TeamContact(String phone, Text hours) {
}
