package dk.telemed.gateway.config;

/** The FHIR interface: where the systems' tokens are, and the page sizes of an Observation search. */
public record FhirConfig(String clients, int defaultCount, int maxCount) {
    void validate(Problems p) {
        p.require(clients != null && !clients.isBlank(), "fhir.clients", "must name the clients file (it may not exist yet)");
        p.between(maxCount, 1, 10_000, "fhir.maxCount");
        p.between(defaultCount, 1, Math.max(1, maxCount), "fhir.defaultCount");
    }
}
