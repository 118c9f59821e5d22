package dk.telemed.gateway.questionnaire;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.Identifiers;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.Severity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

/**
 * Reads {@code config/questionnaires.yaml}. Every problem is collected and named by its path
 * in the file, so a clinician fixes the file once; a file with any problem is refused whole.
 */
public final class QuestionnairesParser {
    /** Item ids and option codes: stored as InfluxDB tags and FHIR linkIds, so a short safe alphabet. */
    static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<String> TOP_KEYS = Set.of("questionnaires", "combined", "missingGraceHours", "patients");
    private static final Set<String> Q_KEYS = Set.of("id", "version", "condition", "schedule", "title", "loinc", "items", "rule");
    private static final Set<String> ITEM_KEYS = Set.of("id", "text", "answer", "min", "max", "options", "required", "loinc");
    private static final Set<String> TEXT_KEYS = Set.of("da", "en");
    private static final Set<String> OPTION_KEYS = Set.of("code", "da", "en");
    private static final Set<String> RULE_KEYS = Set.of("anthonisen", "cat", "hypo");
    private static final Set<String> ANTHONISEN_KEYS = Set.of("breathlessness", "sputumVolume", "purulence", "purulentCodes",
            "yellowAt", "redAt");
    private static final Set<String> CAT_KEYS = Set.of("yellowAbove", "riseAtLeast", "heldAnswers");
    private static final Set<String> HYPO_KEYS = Set.of("item", "redCodes", "yellowCodes", "sickDay");
    private static final Set<String> COMBINED_KEYS = Set.of("enabled", "type", "windowHours", "severity");
    private static final Set<String> PATIENT_KEYS = Set.of("cat");


    public Questionnaires parse(String text, String source) throws ConfigException {
        JsonNode root = YamlTree.read(text, source);
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of(source + ": expected a mapping with questionnaires, combined, missingGraceHours, patients"));
        }
        List<String> problems = new ArrayList<>();
        unknownKeys(root, TOP_KEYS, "", problems);
        List<Questionnaire> all = new ArrayList<>();
        JsonNode list = root.path("questionnaires");
        if (!list.isArray() || list.isEmpty()) {
            problems.add(".questionnaires: expected a list of questionnaires");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String at = ".questionnaires[" + i + "]";
                questionnaire(list.get(i), at, problems).ifPresent(q -> {
                    if (!seen.add(q.id() + "@" + q.version())) {
                        problems.add(at + ": questionnaire " + q.id() + " version " + q.version() + " appears more than once");
                    }
                    all.add(q);
                });
            }
        }
        CombinedRule combined = combined(root.path("combined"), problems);
        int grace = optionalInteger(root, "missingGraceHours", ".missingGraceHours", 0, 7 * 24, problems, 6);
        Map<String, SymptomRule.CatScore> overrides = overrides(root.path("patients"), all, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> source + ": " + p).toList());
        }
        return new Questionnaires(all, combined, Duration.ofHours(grace), overrides);
    }

    private Optional<Questionnaire> questionnaire(JsonNode n, String at, List<String> problems) {
        if (!n.isObject()) {
            problems.add(at + ": expected a mapping");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(n, Q_KEYS, at, problems);
        String id = text(n, "id", at, problems);
        if (id != null && !Identifiers.isValid(id)) {
            problems.add(at + ".id: '" + id + "' must match " + Identifiers.PATTERN_TEXT);
        }
        int version = integer(n, "version", at + ".version", 1, 1_000_000, problems, -1);
        Optional<Condition> condition = Optional.ofNullable(text(n, "condition", at, problems)).flatMap(c -> {
            Optional<Condition> known = Condition.fromWireName(c);
            if (known.isEmpty()) {
                problems.add(at + ".condition: '" + c + "' is not one of " + Condition.knownWireNames());
            }
            return known;
        });
        Optional<Schedule> schedule = Optional.ofNullable(text(n, "schedule", at, problems)).flatMap(s -> {
            Optional<Schedule> known = Schedule.fromWireName(s);
            if (known.isEmpty()) {
                problems.add(at + ".schedule: '" + s + "' is not daily or weekly");
            }
            return known;
        });
        Text title = text(n.path("title"), at + ".title", problems);
        Optional<String> loinc = loinc(n, at, problems);
        List<Item> items = new ArrayList<>();
        JsonNode itemList = n.path("items");
        if (!itemList.isArray() || itemList.isEmpty()) {
            problems.add(at + ".items: expected a list of items");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < itemList.size(); i++) {
                String itemAt = at + ".items[" + i + "]";
                item(itemList.get(i), itemAt, problems).ifPresent(item -> {
                    if (!ids.add(item.id())) {
                        problems.add(itemAt + ".id: '" + item.id() + "' appears more than once in this questionnaire");
                    }
                    items.add(item);
                });
            }
        }
        Optional<SymptomRule> rule = rule(n.path("rule"), at + ".rule", items, problems);
        if (problems.size() > before || condition.isEmpty() || schedule.isEmpty() || rule.isEmpty() || title == null) {
            return Optional.empty();
        }
        return Optional.of(new Questionnaire(id, version, condition.get(), schedule.get(), title, items, rule.get(), loinc));
    }

    private Optional<Item> item(JsonNode n, String at, List<String> problems) {
        if (!n.isObject()) {
            problems.add(at + ": expected a mapping");
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(n, ITEM_KEYS, at, problems);
        String id = code(n, "id", at, problems);
        Text text = text(n.path("text"), at + ".text", problems);
        String answer = text(n, "answer", at, problems);
        Optional<AnswerKind> kind = Optional.ofNullable(answer).flatMap(AnswerKind::fromWireName);
        if (answer != null && kind.isEmpty()) {
            problems.add(at + ".answer: '" + answer + "' is not yesno, scale or choice");
        }
        int min = 0;
        int max = 0;
        List<Item.Option> options = new ArrayList<>();
        if (kind.orElse(null) == AnswerKind.SCALE) {
            min = integer(n, "min", at + ".min", 0, 1000, problems, 0);
            max = integer(n, "max", at + ".max", 0, 1000, problems, 0);
            if (max <= min) {
                problems.add(at + ": a scale's max (" + max + ") must be above its min (" + min + ")");
            }
        } else if (n.has("min") || n.has("max")) {
            problems.add(at + ": min and max belong to a scale item only");
        }
        if (kind.orElse(null) == AnswerKind.CHOICE) {
            JsonNode list = n.path("options");
            if (!list.isArray() || list.size() < 2) {
                problems.add(at + ".options: a choice item needs a list of at least two options");
            } else {
                Set<String> codes = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String optionAt = at + ".options[" + i + "]";
                    JsonNode o = list.get(i);
                    unknownKeys(o, OPTION_KEYS, optionAt, problems);
                    String code = code(o, "code", optionAt, problems);
                    Text optionText = text(o, optionAt, problems);
                    if (code != null && !codes.add(code)) {
                        problems.add(optionAt + ".code: '" + code + "' appears more than once");
                    }
                    if (code != null && optionText != null) {
                        options.add(new Item.Option(code, optionText));
                    }
                }
            }
        } else if (n.has("options")) {
            problems.add(at + ".options: options belong to a choice item only");
        }
        JsonNode required = n.path("required");
        if (!required.isMissingNode() && !required.isBoolean()) {
            problems.add(at + ".required: expected true or false");
        }
        Optional<String> loinc = loinc(n, at, problems);
        if (problems.size() > before || kind.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Item(id, text, kind.get(), min, max, options, required.asBoolean(true), loinc));
    }

    private Optional<SymptomRule> rule(JsonNode n, String at, List<Item> items, List<String> problems) {
        if (!n.isObject() || n.size() != 1) {
            problems.add(at + ": expected exactly one of anthonisen, cat, hypo");
            return Optional.empty();
        }
        unknownKeys(n, RULE_KEYS, at, problems);
        int before = problems.size();
        if (n.has("anthonisen")) {
            JsonNode r = n.get("anthonisen");
            String ruleAt = at + ".anthonisen";
            unknownKeys(r, ANTHONISEN_KEYS, ruleAt, problems);
            String breath = itemOf(r, "breathlessness", ruleAt, items, AnswerKind.YESNO, problems);
            String volume = itemOf(r, "sputumVolume", ruleAt, items, AnswerKind.YESNO, problems);
            String purulence = itemOf(r, "purulence", ruleAt, items, AnswerKind.CHOICE, problems);
            Set<String> purulent = codes(r, "purulentCodes", ruleAt, items, purulence, problems);
            int yellowAt = optionalInteger(r, "yellowAt", ruleAt + ".yellowAt", 1, 3, problems, 2);
            int redAt = optionalInteger(r, "redAt", ruleAt + ".redAt", 1, 3, problems, 3);
            if (redAt < yellowAt) {
                problems.add(ruleAt + ": redAt (" + redAt + ") must not be below yellowAt (" + yellowAt + ")");
            }
            return problems.size() > before ? Optional.empty()
                    : Optional.of(new SymptomRule.Anthonisen(breath, volume, purulence, purulent, yellowAt, redAt));
        }
        if (n.has("cat")) {
            String ruleAt = at + ".cat";
            if (items.stream().anyMatch(i -> i.kind() != AnswerKind.SCALE)) {
                problems.add(ruleAt + ": a CAT questionnaire's items must all be scale items (their total is the score)");
            }
            Optional<SymptomRule.CatScore> cat = cat(n.get("cat"), ruleAt, null, problems);
            return problems.size() > before ? Optional.empty() : cat.map(c -> c);
        }
        JsonNode r = n.get("hypo");
        String ruleAt = at + ".hypo";
        unknownKeys(r, HYPO_KEYS, ruleAt, problems);
        String item = itemOf(r, "item", ruleAt, items, AnswerKind.CHOICE, problems);
        Set<String> red = codes(r, "redCodes", ruleAt, items, item, problems);
        Set<String> yellow = r.has("yellowCodes") ? codes(r, "yellowCodes", ruleAt, items, item, problems) : Set.of();
        String sickDay = r.has("sickDay") ? itemOf(r, "sickDay", ruleAt, items, AnswerKind.YESNO, problems) : "";
        return problems.size() > before ? Optional.empty() : Optional.of(new SymptomRule.Hypo(item, red, yellow, sickDay));
    }

    /** A CAT rule; {@code base} (when given) supplies what an override leaves out. */
    private Optional<SymptomRule.CatScore> cat(JsonNode r, String at, SymptomRule.CatScore base, List<String> problems) {
        if (!r.isObject()) {
            problems.add(at + ": expected a mapping with " + String.join(", ", CAT_KEYS.stream().sorted().toList()));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(r, CAT_KEYS, at, problems);
        int above = base != null && !r.has("yellowAbove") ? base.yellowAbove() : integer(r, "yellowAbove", at + ".yellowAbove", 0, 40, problems, 0);
        int rise = base != null && !r.has("riseAtLeast") ? base.riseAtLeast() : integer(r, "riseAtLeast", at + ".riseAtLeast", 1, 40, problems, 0);
        int held = base != null && !r.has("heldAnswers") ? base.heldAnswers() : integer(r, "heldAnswers", at + ".heldAnswers", 1, 10, problems, 0);
        return problems.size() > before ? Optional.empty() : Optional.of(new SymptomRule.CatScore(above, rise, held));
    }

    private CombinedRule combined(JsonNode n, List<String> problems) {
        String at = ".combined";
        if (!n.isObject()) {
            problems.add(at + ": expected a mapping with enabled, type, windowHours, severity");
            return Questionnaires.NONE.combined();
        }
        unknownKeys(n, COMBINED_KEYS, at, problems);
        JsonNode enabled = n.path("enabled");
        if (!enabled.isBoolean()) {
            problems.add(at + ".enabled: expected true or false");
        }
        String typeName = text(n, "type", at, problems);
        Optional<MeasurementType> type = Optional.ofNullable(typeName).flatMap(MeasurementType::fromWireName);
        if (typeName != null && type.isEmpty()) {
            problems.add(at + ".type: '" + typeName + "' is not a measurement type");
        }
        int hours = optionalInteger(n, "windowHours", at + ".windowHours", 1, 24 * 14, problems, 24);
        String severityName = text(n, "severity", at, problems);
        Optional<Severity> severity = Optional.ofNullable(severityName)
                .flatMap(s -> s.equals("red") ? Optional.of(Severity.RED) : s.equals("yellow") ? Optional.of(Severity.YELLOW) : Optional.empty());
        if (severityName != null && severity.isEmpty()) {
            problems.add(at + ".severity: '" + severityName + "' must be red or yellow");
        }
        return new CombinedRule(enabled.asBoolean(false), type.orElse(MeasurementType.SPO2), Duration.ofHours(hours),
                severity.orElse(Severity.RED));
    }

    private Map<String, SymptomRule.CatScore> overrides(JsonNode n, List<Questionnaire> all, List<String> problems) {
        Map<String, SymptomRule.CatScore> byPatient = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return byPatient;
        }
        if (!n.isObject()) {
            problems.add(".patients: expected a mapping from patient id to that patient's own limits");
            return byPatient;
        }
        SymptomRule.CatScore base = all.stream().map(Questionnaire::rule).filter(r -> r instanceof SymptomRule.CatScore)
                .map(r -> (SymptomRule.CatScore) r).findFirst().orElse(null);
        n.fields().forEachRemaining(e -> {
            String at = ".patients." + e.getKey();
            if (!Identifiers.isValid(e.getKey())) {
                problems.add(at + ": '" + e.getKey() + "' is not a patient id (" + Identifiers.PATTERN_TEXT + ")");
                return;
            }
            unknownKeys(e.getValue(), PATIENT_KEYS, at, problems);
            if (base == null) {
                problems.add(at + ".cat: no questionnaire has a cat rule to override");
                return;
            }
            cat(e.getValue().path("cat"), at + ".cat", base, problems).ifPresent(c -> byPatient.put(e.getKey(), c));
        });
        return byPatient;
    }

    private static String itemOf(JsonNode r, String key, String at, List<Item> items, AnswerKind kind, List<String> problems) {
        String id = text(r, key, at, problems);
        if (id == null) {
            return null;
        }
        Optional<Item> item = items.stream().filter(i -> i.id().equals(id)).findFirst();
        if (item.isEmpty()) {
            problems.add(at + "." + key + ": '" + id + "' is not an item of this questionnaire");
        } else if (item.get().kind() != kind) {
            problems.add(at + "." + key + ": item '" + id + "' must be a " + kind.wireName() + " item");
        }
        return id;
    }

    private static Set<String> codes(JsonNode r, String key, String at, List<Item> items, String itemId, List<String> problems) {
        JsonNode list = r.path(key);
        Set<String> codes = new LinkedHashSet<>();
        if (!list.isArray() || list.isEmpty()) {
            problems.add(at + "." + key + ": expected a list of option codes");
            return codes;
        }
        Optional<Item> item = items.stream().filter(i -> i.id().equals(itemId)).findFirst();
        for (JsonNode c : list) {
            if (item.isPresent() && item.get().option(c.asText()).isEmpty()) {
                problems.add(at + "." + key + ": '" + c.asText() + "' is not an option of item '" + itemId + "'");
            }
            codes.add(c.asText());
        }
        return codes;
    }

    private static Text text(JsonNode n, String at, List<String> problems) {
        if (!n.isObject()) {
            problems.add(at + ": expected { da: ..., en: ... }");
            return null;
        }
        if (at.endsWith(".text") || at.endsWith(".title")) {
            unknownKeys(n, TEXT_KEYS, at, problems);
        }
        String da = text(n, "da", at, problems);
        String en = text(n, "en", at, problems);
        return da == null || en == null ? null : new Text(da, en);
    }

    private static String text(JsonNode n, String key, String at, List<String> problems) {
        JsonNode v = n.path(key);
        if (!v.isTextual() || v.asText().isBlank()) {
            problems.add(at + "." + key + ": expected text");
            return null;
        }
        return v.asText();
    }

    private static String code(JsonNode n, String key, String at, List<String> problems) {
        String v = text(n, key, at, problems);
        if (v != null && !CODE.matcher(v).matches()) {
            problems.add(at + "." + key + ": '" + v + "' must match " + CODE.pattern());
            return null;
        }
        return v;
    }

    private static Optional<String> loinc(JsonNode n, String at, List<String> problems) {
        if (!n.has("loinc")) {
            return Optional.empty();
        }
        String code = n.get("loinc").asText();
        if (!code.matches("[0-9]{1,7}-[0-9]")) {
            problems.add(at + ".loinc: '" + code + "' is not a LOINC code such as 89484-8");
            return Optional.empty();
        }
        return Optional.of(code);
    }

    private static int integer(JsonNode n, String key, String at, int min, int max, List<String> problems, int otherwise) {
        JsonNode v = n.path(key);
        if (!v.isInt() || v.asInt() < min || v.asInt() > max) {
            problems.add(at + ": expected a whole number from " + min + " to " + max + (v.isMissingNode() ? "" : ", is " + v));
            return otherwise;
        }
        return v.asInt();
    }

    /** {@link #integer}, or {@code otherwise} when the key is left out. */
    private static int optionalInteger(JsonNode n, String key, String at, int min, int max, List<String> problems, int otherwise) {
        return n.has(key) ? integer(n, key, at, min, max, problems, otherwise) : otherwise;
    }
}
