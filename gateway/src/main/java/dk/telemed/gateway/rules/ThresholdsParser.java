package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.Direction;
import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.ConfigException;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.Condition;
import dk.telemed.gateway.model.MeasurementPlan;
import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.model.RelativeLimit;
import dk.telemed.gateway.registry.BandsParser;
import dk.telemed.gateway.registry.RelativeLimits;
import dk.telemed.gateway.registry.ScheduleParser;
import dk.telemed.gateway.registry.Treatment;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dk.telemed.gateway.config.YamlTree.unknownKeys;

/**
 * Reads {@code config/thresholds.yaml} into {@link ClinicalDefaults}. The bands have the
 * registry's {@code red}/{@code yellow} × {@code below}/{@code above} shape and the plans its
 * {@code every} shape, so a doctor's per-patient override reads like the default it replaces.
 * Every problem is collected and named by its path in the file. The entries with fixed keys
 * (a type's timing, a trend rule) are bound into records by {@link YamlTree#bindEntry}, as the
 * configuration is; the maps keyed by group, type and rule name are walked to reach them.
 */
public final class ThresholdsParser {
    /** The group key for what applies to every patient, next to the condition names. */
    static final String ALL = "all";
    private static final Set<String> TOP_KEYS = Set.of("approvedBy", "approvedOn", "bands", "timing", "trends", "relative", "plans",
            "instructions");
    private static final String BY_TREATMENT = "byTreatment";


    public ClinicalDefaults parse(String text, String source) throws ConfigException {
        JsonNode root = YamlTree.read(text, source);
        if (root == null || !root.isObject()) {
            throw new ConfigException(List.of(source + ": expected a mapping with " + String.join(", ", TOP_KEYS.stream().sorted().toList())));
        }
        List<String> problems = new ArrayList<>();
        unknownKeys(root, TOP_KEYS, "", problems);
        Map<String, Map<MeasurementType, Bands>> bands = groups(root.path("bands"), "bands", Set.of(), this::bandsOfGroup, problems);
        JsonNode plansNode = root.path("plans");
        Map<String, Map<MeasurementType, MeasurementPlan>> plans = groups(plansNode, "plans", Set.of("grace", BY_TREATMENT),
                ScheduleParser::plans, problems);
        Map<Treatment, Map<MeasurementType, MeasurementPlan>> byTreatment = byTreatment(plansNode.path(BY_TREATMENT),
                "plans." + BY_TREATMENT, problems);
        Map<String, Map<MeasurementType, RelativeLimit>> relative = groups(root.path("relative"), "relative", Set.of(),
                RelativeLimits::parse, problems);
        relative.forEach((group, limits) -> limits.forEach((type, limit) -> {
            if (RelativeLimits.isNone(limit)) {
                problems.add("relative." + group + "." + type.wireName() + ": none is for a patient's own entry; leave the type out instead");
            }
        }));
        ClinicalDefaults.Approval approval = approval(root, problems);
        Instructions instructions = Instructions.parse(root.path("instructions"), "instructions", problems);
        Duration grace = plansNode.has("grace")
                ? ScheduleParser.duration(plansNode.get("grace"), "plans.grace", problems).orElse(Duration.ZERO) : Duration.ZERO;
        Map<MeasurementType, BandTiming> timing = typed(root.path("timing"), "timing", this::timing, problems);
        List<TrendRule> trends = new TrendsParser().trends(root.path("trends"), "trends", problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream().map(p -> source + ": " + (p.startsWith(".") ? p.substring(1) : p)).toList());
        }
        return new ClinicalDefaults(bands.getOrDefault(ALL, Map.of()), byCondition(bands), timing, trends,
                plans.getOrDefault(ALL, Map.of()), byCondition(plans), grace, relative.getOrDefault(ALL, Map.of()),
                byCondition(relative), byTreatment, approval, instructions);
    }

    /**
     * {@code approvedBy} and {@code approvedOn} must both be there: a name and a date, or both
     * null for a set nobody has approved yet, so that leaving them out is a decision, not an oversight.
     */
    private static ClinicalDefaults.Approval approval(JsonNode root, List<String> problems) {
        if (!root.has("approvedBy") || !root.has("approvedOn")) {
            problems.add("approvedBy, approvedOn: say who approved this threshold set and on which day (YYYY-MM-DD),"
                    + " or write null for both while it awaits the clinicians' approval");
            return ClinicalDefaults.Approval.NOT_APPROVED;
        }
        JsonNode by = root.get("approvedBy");
        JsonNode on = root.get("approvedOn");
        if (by.isNull() && on.isNull()) {
            return ClinicalDefaults.Approval.NOT_APPROVED;
        }
        if (!by.isTextual() || by.asText().isBlank()) {
            problems.add("approvedBy: expected the name (and role) of who approved the set, since approvedOn is set");
            return ClinicalDefaults.Approval.NOT_APPROVED;
        }
        try {
            return new ClinicalDefaults.Approval(Optional.of(by.asText().strip()), Optional.of(LocalDate.parse(on.asText())));
        } catch (DateTimeParseException e) {
            problems.add("approvedOn: '" + on.asText() + "' is not a date (YYYY-MM-DD)");
            return ClinicalDefaults.Approval.NOT_APPROVED;
        }
    }

    private static Map<Treatment, Map<MeasurementType, MeasurementPlan>> byTreatment(JsonNode node, String at, List<String> problems) {
        Map<Treatment, Map<MeasurementType, MeasurementPlan>> result = new EnumMap<>(Treatment.class);
        if (node.isMissingNode() || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping of " + Treatment.knownWireNames());
            return result;
        }
        node.fields().forEachRemaining(e -> {
            Optional<Treatment> t = Treatment.fromWireName(e.getKey());
            if (t.isEmpty()) {
                problems.add(at + "." + e.getKey() + ": unknown treatment (known: " + Treatment.knownWireNames() + ")");
            } else {
                result.put(t.get(), ScheduleParser.plans(e.getValue(), at + "." + e.getKey(), problems));
            }
        });
        return result;
    }

    private Map<MeasurementType, Bands> bandsOfGroup(JsonNode node, String at, List<String> problems) {
        return byType(node, at, (n, typeAt) -> BandsParser.bands(n, typeAt, problems), problems);
    }

    /** A mapping keyed by {@code all} and condition names, each value read by {@code read}. */
    private static <V> Map<String, V> groups(JsonNode node, String at, Set<String> otherKeys,
                                             Group<V> read, List<String> problems) {
        Map<String, V> result = new java.util.HashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping of " + groupNames());
            return result;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (otherKeys.contains(e.getKey())) {
                continue;
            }
            if (!e.getKey().equals(ALL) && Condition.fromWireName(e.getKey()).isEmpty()) {
                problems.add(at + "." + e.getKey() + ": unknown group (known: " + groupNames()
                        + otherKeys.stream().map(k -> ", " + k).collect(Collectors.joining()) + ")");
                continue;
            }
            result.put(e.getKey(), read.read(e.getValue(), at + "." + e.getKey(), problems));
        }
        return result;
    }

    interface Group<V> {
        V read(JsonNode node, String at, List<String> problems);
    }

    /** A mapping keyed by measurement type; {@code read} returns empty for a value with problems. */
    static <V> Map<MeasurementType, V> byType(JsonNode node, String at, BiFunction<JsonNode, String, Optional<V>> read,
                                              List<String> problems) {
        Map<MeasurementType, V> result = new EnumMap<>(MeasurementType.class);
        if (node.isMissingNode() || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping from measurement type (" + MeasurementType.knownWireNames() + ")");
            return result;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Optional<MeasurementType> type = MeasurementType.fromWireName(e.getKey());
            if (type.isEmpty()) {
                problems.add(at + "." + e.getKey() + ": unknown measurement type (known: " + MeasurementType.knownWireNames() + ")");
                continue;
            }
            read.apply(e.getValue(), at + "." + e.getKey()).ifPresent(v -> result.put(type.get(), v));
        }
        return result;
    }

    private static <V> Map<MeasurementType, V> typed(JsonNode node, String at, Reader<V> read, List<String> problems) {
        return byType(node, at, (n, typeAt) -> read.read(n, typeAt, problems), problems);
    }

    interface Reader<V> {
        Optional<V> read(JsonNode node, String at, List<String> problems);
    }

    /** A type's {@code timing:} as written: each part bound on its own, so every part's problems are named. */
    record TimingEntry(JsonNode confirm, JsonNode resolve) {
    }

    record ConfirmsEntry(JsonNode red, JsonNode yellow) {
    }

    /** How many readings in a row (within how long, on which side) confirm a band before it alerts. */
    record ConfirmEntry(Integer readings, String within, String side) {
        BandTiming.Confirm confirm(String at, List<String> problems) {
            int count = NumberChecks.count(readings, at + ".readings", 1, problems);
            Optional<Duration> window = within == null ? Optional.empty() : ScheduleParser.duration(within, at + ".within", problems);
            Optional<Direction> direction = Optional.empty();
            if (side != null) {
                direction = Stream.of(Direction.values()).filter(d -> d.wireName().equals(side)).findFirst();
                if (direction.isEmpty()) {
                    problems.add(at + ".side: expected below or above, not '" + side + "'");
                }
            }
            return new BandTiming.Confirm(count, window, direction);
        }
    }

    /** How far back inside the band, for how many readings, before an alert resolves. */
    record ResolveEntry(Double margin, Integer readings) {
    }

    private Optional<BandTiming> timing(JsonNode node, String at, List<String> problems) {
        int before = problems.size();
        Optional<TimingEntry> entry = YamlTree.bindEntry(node, TimingEntry.class, at, "a measurement type's timing", problems);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        BandTiming.Confirm red = BandTiming.Confirm.FIRST;
        BandTiming.Confirm yellow = BandTiming.Confirm.FIRST;
        if (given(entry.get().confirm())) {
            Optional<ConfirmsEntry> confirms = YamlTree.bindEntry(entry.get().confirm(), ConfirmsEntry.class, at + ".confirm",
                    "confirm", problems);
            if (confirms.isPresent()) {
                red = confirm(confirms.get().red(), at + ".confirm.red", problems);
                yellow = confirm(confirms.get().yellow(), at + ".confirm.yellow", problems);
            }
        }
        double margin = 0;
        int readings = 1;
        if (given(entry.get().resolve())) {
            Optional<ResolveEntry> resolve = YamlTree.bindEntry(entry.get().resolve(), ResolveEntry.class, at + ".resolve",
                    "resolve", problems);
            if (resolve.isPresent()) {
                margin = NumberChecks.nonNegative(resolve.get().margin(), at + ".resolve.margin", 0, problems);
                readings = NumberChecks.count(resolve.get().readings(), at + ".resolve.readings", 1, problems);
            }
        }
        return problems.size() > before ? Optional.empty() : Optional.of(new BandTiming(red, yellow, margin, readings));
    }

    private static BandTiming.Confirm confirm(JsonNode node, String at, List<String> problems) {
        if (!given(node)) {
            return BandTiming.Confirm.FIRST;
        }
        return YamlTree.bindEntry(node, ConfirmEntry.class, at, "a confirmation", problems)
                .map(c -> c.confirm(at, problems)).orElse(BandTiming.Confirm.FIRST);
    }

    private static boolean given(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static <V> Map<Condition, Map<MeasurementType, V>> byCondition(Map<String, Map<MeasurementType, V>> groups) {
        Map<Condition, Map<MeasurementType, V>> result = new EnumMap<>(Condition.class);
        groups.forEach((name, value) -> Condition.fromWireName(name).ifPresent(c -> result.put(c, value)));
        return result;
    }

    private static String groupNames() {
        return Stream.concat(Stream.of(ALL), Stream.of(Condition.values()).map(Condition::wireName)).collect(Collectors.joining(", "));
    }
}
