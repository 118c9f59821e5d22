package dk.telemed.gateway.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.Language;
import dk.telemed.gateway.questionnaire.Text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

/** Reads {@code config/feedback.yaml}, naming every problem by its path in the file. */
public final class FeedbackSettingsParser {
    public static final String SHIPPED_PATH = "config/feedback.yaml";
    static final String SHIPPED_RESOURCE = "/defaults/feedback.yaml";
    private static final Set<String> TOP_KEYS = Set.of("language", "patients", "careTeams", "outOfHours");
    private static final Set<String> TEAM_KEYS = Set.of("phone", "hours");
    private static final Set<String> TEXT_KEYS = Set.of("da", "en");


    /** The file {@code configured} names or, when that is the shipped relative path and missing, the jar's copy. */
    public static FeedbackSettings load(String configured) throws ConfigException {
        Path file = Path.of(configured);
        try {
            if (Files.exists(file)) {
                return new FeedbackSettingsParser().parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            }
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read (feedback.path): " + e));
        }
        if (!configured.equals(SHIPPED_PATH)) {
            throw new ConfigException(List.of(file + ": no such file (feedback.path / TELEMED_FEEDBACK_PATH)"));
        }
        try (InputStream in = FeedbackSettingsParser.class.getResourceAsStream(SHIPPED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + SHIPPED_RESOURCE + "; rebuild it with mvn package");
            }
            return new FeedbackSettingsParser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "(shipped) " + SHIPPED_PATH);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SHIPPED_RESOURCE + " from the jar", e);
        }
    }

    public FeedbackSettings parse(String text, String source) throws ConfigException {
        JsonNode root = YamlTree.read(text, source);
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of(source + ": expected a mapping with language, patients, careTeams, outOfHours"));
        }
        List<String> problems = new ArrayList<>();
        unknownKeys(root, TOP_KEYS, "", problems);
        Language language = language(root.path("language"), ".language", problems).orElse(Language.DA);
        Map<String, Language> patients = new LinkedHashMap<>();
        JsonNode p = root.path("patients");
        if (!p.isMissingNode() && !p.isNull() && !p.isObject()) {
            problems.add(".patients: expected a mapping from patient id to da or en");
        } else if (p.isObject()) {
            p.fields().forEachRemaining(e -> {
                if (!Identifiers.isValid(e.getKey())) {
                    problems.add(".patients." + e.getKey() + ": not a patient id (" + Identifiers.PATTERN_TEXT + ")");
                }
                language(e.getValue(), ".patients." + e.getKey(), problems).ifPresent(l -> patients.put(e.getKey(), l));
            });
        }
        Map<String, TeamContact> teams = new LinkedHashMap<>();
        JsonNode t = root.path("careTeams");
        if (!t.isMissingNode() && !t.isNull() && !t.isObject()) {
            problems.add(".careTeams: expected a mapping from care team to { phone, hours }");
        } else if (t.isObject()) {
            t.fields().forEachRemaining(e -> {
                String at = ".careTeams." + e.getKey();
                unknownKeys(e.getValue(), TEAM_KEYS, at, problems);
                JsonNode phone = e.getValue().path("phone");
                if (!phone.isTextual() || !phone.asText().matches("\\+?[0-9 ]{3,20}")) {
                    problems.add(at + ".phone: expected a phone number such as \"+45 99 99 12 34\"");
                }
                Text hours = text(e.getValue().path("hours"), at + ".hours", problems);
                if (phone.isTextual() && hours != null) {
                    teams.put(e.getKey(), new TeamContact(phone.asText(), hours));
                }
            });
        }
        Text outOfHours = text(root.path("outOfHours"), ".outOfHours", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(x -> source + ": " + x).toList());
        }
        return new FeedbackSettings(language, patients, teams, outOfHours);
    }

    private static Optional<Language> language(JsonNode n, String at, List<String> problems) {
        Optional<Language> l = n.isTextual() ? Language.fromWireName(n.asText()) : Optional.empty();
        if (l.isEmpty()) {
            problems.add(at + ": expected da or en");
        }
        return l;
    }

    private static Text text(JsonNode n, String at, List<String> problems) {
        if (!n.isObject() || !n.path("da").isTextual() || !n.path("en").isTextual()) {
            problems.add(at + ": expected { da: \"...\", en: \"...\" }");
            return null;
        }
        unknownKeys(n, TEXT_KEYS, at, problems);
        return new Text(n.get("da").asText(), n.get("en").asText());
    }
}
