package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;

import java.time.Duration;

/**
 * Symptoms and a measurement together: an open symptom alert and an open alert of
 * {@code type} (low side), each at least yellow, whose answer and reading lie within
 * {@code window} of each other, make one alert of {@code severity}. Off when not enabled.
 */
public record CombinedRule(boolean enabled, MeasurementType type, Duration window, Severity severity) {
}
