package dk.telemed.gateway.rules;

import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.RulesConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds and reads the clinical defaults at start: the file {@code rules.thresholds} names, or,
 * when that is the shipped relative path and no such file exists in the working directory,
 * the copy of {@code config/thresholds.yaml} the jar carries. A file the operator named must
 * exist; a file with any problem stops the start.
 */
public final class ThresholdsLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ThresholdsLoader.class);
    static final String SHIPPED_RESOURCE = "/defaults/thresholds.yaml";

    private ThresholdsLoader() {
    }

    public static ClinicalDefaults load(String configured) throws ConfigException {
        Path file = Path.of(configured);
        if (Files.exists(file)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigException(List.of(file + ": cannot read (rules.thresholds): " + e));
            }
            ClinicalDefaults defaults = new ThresholdsParser().parse(text, file.toString());
            LOG.info("clinical defaults from {}", file.toAbsolutePath());
            logApproval(defaults);
            return defaults;
        }
        if (!configured.equals(RulesConfig.DEFAULT_THRESHOLDS)) {
            throw new ConfigException(List.of(file + ": no such file (rules.thresholds / TELEMED_RULES_THRESHOLDS)"));
        }
        LOG.info("clinical defaults: {} not found in {}; using the copy shipped in the jar", configured,
                Path.of("").toAbsolutePath());
        ClinicalDefaults defaults = shipped();
        logApproval(defaults);
        return defaults;
    }

    /** Who answers for the numbers in force: at every start, in the log the operators and auditors read. */
    static void logApproval(ClinicalDefaults defaults) {
        ClinicalDefaults.Approval a = defaults.approval();
        if (a.approved()) {
            LOG.info("clinical defaults approved by {} on {}", a.approvedBy().orElseThrow().replaceAll("\\p{Cntrl}", "?"),
                    a.approvedOn().orElseThrow());
        } else {
            LOG.warn("clinical defaults NOT APPROVED (approvedBy, approvedOn empty): the responsible clinicians must review"
                    + " and approve the threshold set before clinical use");
        }
    }

    /** The defaults as shipped, from the jar. */
    public static ClinicalDefaults shipped() throws ConfigException {
        try (InputStream in = ThresholdsLoader.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + SHIPPED_RESOURCE + "; rebuild it with mvn package");
            }
            return new ThresholdsParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "(shipped) config/thresholds.yaml");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SHIPPED_RESOURCE + " from the jar", e);
        }
    }
}
