package dk.telemed.gateway.model;

/** The red and yellow limits for one measurement type, in its canonical unit. */
public record Bands(Band red, Band yellow) {
}
