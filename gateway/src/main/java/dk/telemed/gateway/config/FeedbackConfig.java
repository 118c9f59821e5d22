package dk.telemed.gateway.config;

/** The patient feedback's settings (see {@code feedback:} in {@code config/gateway.yaml}). */
public record FeedbackConfig(String path) {
    void validate(Problems p) {
        p.require(path != null && !path.isBlank(), "feedback.path", "must name the feedback file (languages, care teams' phones)");
    }
}
