package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.registry.Patient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The shipped questionnaires and the patients and responses the tests judge. */
public final class Shipped {
    public static final Instant T0 = Instant.parse("2026-11-22T07:00:00Z");

    private Shipped() {
    }

    public static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("config/questionnaires.yaml"))) {
            p = p.getParent();
        }
        return p;
    }

    public static String text() {
        try {
            return Files.readString(projectRoot().resolve("config/questionnaires.yaml"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static Questionnaires questionnaires() {
        try {
            return new QuestionnairesParser().parse(text(), "config/questionnaires.yaml");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public static Questionnaire get(String id) {
        return questionnaires().find(id, 1).orElseThrow();
    }

    public static Patient patient(String id, String conditions) {
        Set<Condition> set = Arrays.stream(conditions.split("\\+")).map(c -> Condition.fromWireName(c).orElseThrow())
                .collect(Collectors.toSet());
        return new Patient(id, "nord-akut", set, List.of("hub-" + id), Map.of(), Optional.empty());
    }

    public static Response response(Patient p, Questionnaire q, Instant at, Map<String, Answer> answers) {
        return new Response(p.id(), p.devices().get(0), Optional.of("m-" + at.toEpochMilli()), q, at, answers);
    }

    /** A COPD daily response: breathless, more sputum, and the sputum's colour. */
    public static Response daily(Patient p, Instant at, boolean breathless, boolean moreSputum, String colour) {
        Questionnaire q = get("copd-daily");
        Item colourItem = q.item("sputum_colour").orElseThrow();
        return response(p, q, at, Map.of("breathless", new Answer.YesNo(breathless), "cough", new Answer.YesNo(false),
                "sputum_more", new Answer.YesNo(moreSputum),
                "sputum_colour", new Answer.Choice(colour, colourItem.options().indexOf(colourItem.option(colour).orElseThrow()))));
    }

    /** A CAT response whose eight items add up to {@code total}. */
    public static Response cat(Patient p, Instant at, int total) {
        Questionnaire q = get("copd-cat");
        java.util.LinkedHashMap<String, Answer> answers = new java.util.LinkedHashMap<>();
        int left = total;
        for (Item item : q.items()) {
            int n = Math.min(5, left);
            answers.put(item.id(), new Answer.Scale(n));
            left -= n;
        }
        return response(p, q, at, answers);
    }
}
