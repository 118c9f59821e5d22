package dk.telemed.gateway.config;

/** The symptom questionnaires' settings (see {@code questionnaires:} in {@code config/gateway.yaml}). */
public record QuestionnairesConfig(String path, int reloadIntervalMs, int missingCheckSeconds) {
    void validate(Problems p) {
        p.require(path != null && !path.isBlank(), "questionnaires.path", "must name the questionnaires file");
        p.atLeast(reloadIntervalMs, 100, "questionnaires.reloadIntervalMs");
        p.atLeast(missingCheckSeconds, 1, "questionnaires.missingCheckSeconds");
    }
}
