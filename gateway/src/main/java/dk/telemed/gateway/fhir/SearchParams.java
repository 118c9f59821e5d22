package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementCoding;
import dk.telemed.gateway.model.MeasurementType;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /fhir/Observation}'s parameters, checked: {@code patient} (required), {@code code}
 * ({@code system|code}, {@code code}, or several separated by commas), {@code date} with
 * {@code ge}, {@code gt}, {@code le}, {@code lt} (RFC 3339 with an offset; may repeat),
 * {@code _sort} ({@code date} or {@code -date}, default {@code -date}), {@code _count}
 * (0 to the configured maximum; more is capped), and the paging state the gateway puts in its
 * own links ({@code _until}, {@code _cursor}). Anything else is refused, never ignored.
 *
 * @param codes   the codings asked for; empty means every type
 * @param until   the search's upper time bound, frozen at its first page
 */
record SearchParams(String patient, Set<String> codes, Optional<Instant> from, boolean fromInclusive,
                    Optional<Instant> to, boolean toInclusive, boolean ascending, int count,
                    Optional<Instant> until, Optional<Cursor> cursor) {

    /** A parameter the client must fix; the message says how. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final Set<String> KNOWN = Set.of("patient", "code", "date", "_sort", "_count", "_until", "_cursor",
            "_format", "_pretty");

    static SearchParams parse(Map<String, List<String>> query, int defaultCount, int maxCount) throws Invalid {
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new Invalid("unknown search parameter '" + name + "'; Observation is searched by patient, code, date, _sort and _count");
            }
        }
        checkFormat(query);
        String patient = single(query, "patient").orElseThrow(() -> new Invalid("the patient parameter is required: ?patient={id}"));
        if (patient.startsWith("Patient/")) {
            patient = patient.substring("Patient/".length());
        }
        if (patient.isBlank()) {
            throw new Invalid("the patient parameter is empty");
        }
        Set<String> codes = new LinkedHashSet<>();
        for (String value : query.getOrDefault("code", List.of())) {
            for (String c : value.split(",")) {
                codes.add(code(c));
            }
        }
        Optional<Instant> from = Optional.empty();
        Optional<Instant> to = Optional.empty();
        boolean fromInclusive = true;
        boolean toInclusive = true;
        for (String value : query.getOrDefault("date", List.of())) {
            if (value.length() < 3) {
                throw new Invalid("date must be ge, gt, le or lt followed by an RFC 3339 time, e.g. date=ge2026-11-22T00:00:00Z");
            }
            String prefix = value.substring(0, 2);
            if (!List.of("ge", "gt", "le", "lt").contains(prefix)) {
                throw new Invalid(prefix.chars().allMatch(Character::isLetter)
                        ? "date prefix '" + prefix + "' is not served; use ge, gt, le or lt"
                        : "date must start with ge, gt, le or lt, e.g. date=ge2026-11-22T00:00:00Z");
            }
            Instant at = instant("date", value.substring(2));
            switch (prefix) {
                case "ge", "gt" -> {
                    if (from.isPresent()) {
                        throw new Invalid("date has two lower bounds; give one ge or gt");
                    }
                    from = Optional.of(at);
                    fromInclusive = prefix.equals("ge");
                }
                case "le", "lt" -> {
                    if (to.isPresent()) {
                        throw new Invalid("date has two upper bounds; give one le or lt");
                    }
                    to = Optional.of(at);
                    toInclusive = prefix.equals("le");
                }
                default -> throw new IllegalStateException("prefix checked above: " + prefix);
            }
        }
        boolean ascending = switch (single(query, "_sort").orElse("-date")) {
            case "date" -> true;
            case "-date" -> false;
            default -> throw new Invalid("_sort must be date (oldest first) or -date (newest first)");
        };
        int count = defaultCount;
        Optional<String> countText = single(query, "_count");
        if (countText.isPresent()) {
            try {
                count = Integer.parseInt(countText.get());
            } catch (NumberFormatException e) {
                throw new Invalid("_count must be a whole number from 0 to " + maxCount);
            }
            if (count < 0) {
                throw new Invalid("_count must be a whole number from 0 to " + maxCount);
            }
            count = Math.min(count, maxCount);
        }
        Optional<String> until = single(query, "_until");
        Optional<Instant> untilAt = until.isEmpty() ? Optional.empty() : Optional.of(instant("_until", until.get()));
        Optional<String> cursorText = single(query, "_cursor");
        Optional<Cursor> cursor = cursorText.isEmpty() ? Optional.empty()
                : Optional.of(Cursor.parse(cursorText.get()).orElseThrow(() -> new Invalid("_cursor is not one this server made; start the search again")));
        return new SearchParams(patient, codes, from, fromInclusive, to, toInclusive, ascending, count, untilAt, cursor);
    }

    /** The types whose readings can match; every type when no code was given. */
    Set<MeasurementType> types() {
        if (codes.isEmpty()) {
            return EnumSet.allOf(MeasurementType.class);
        }
        Set<MeasurementType> types = EnumSet.noneOf(MeasurementType.class);
        for (MeasurementType t : MeasurementType.values()) {
            if (matches(t)) {
                types.add(t);
            }
        }
        if (codes.stream().anyMatch(c -> c.equals(key(MeasurementCoding.BP_PANEL)) || c.equals("|" + MeasurementCoding.BP_PANEL.code()))) {
            types.add(MeasurementType.BP_SYS);
        }
        // Both halves are read whenever one is asked for: whether a reading is paired decides which Observation it is in.
        if (types.contains(MeasurementType.BP_SYS) || types.contains(MeasurementType.BP_DIA)) {
            types.add(MeasurementType.BP_SYS);
            types.add(MeasurementType.BP_DIA);
        }
        return types;
    }

    /** Whether an Observation of this measurement matches the code parameter (its own code, not a component's). */
    boolean matches(Measurement m) {
        if (codes.isEmpty()) {
            return true;
        }
        if (m instanceof Measurement.Panel) {
            return codes.contains(key(MeasurementCoding.BP_PANEL)) || codes.contains("|" + MeasurementCoding.BP_PANEL.code());
        }
        return matches(((Measurement.Single) m).row().type());
    }

    private boolean matches(MeasurementType type) {
        for (MeasurementCoding.Code c : MeasurementCoding.of(type).codes()) {
            if (codes.contains(key(c)) || codes.contains("|" + c.code())) {
                return true;
            }
        }
        return false;
    }

    private static String key(MeasurementCoding.Code c) {
        return c.system() + "|" + c.code();
    }

    /** A code without a system matches that code in any system: stored as {@code |code}. */
    private static String code(String text) throws Invalid {
        String c = text.strip();
        if (c.isEmpty() || c.endsWith("|")) {
            throw new Invalid("code must be {system}|{code} or {code}, e.g. code=http://loinc.org|2708-6");
        }
        int bar = c.indexOf('|');
        return bar < 0 ? "|" + c : c;
    }

    private static void checkFormat(Map<String, List<String>> query) throws Invalid {
        for (String f : query.getOrDefault("_format", List.of())) {
            if (!Set.of("json", "application/json", "application/fhir+json").contains(f)) {
                throw new Invalid("_format " + f + " is not served; this server answers JSON only");
            }
        }
        for (String p : query.getOrDefault("_pretty", List.of())) {
            if (!p.equals("true") && !p.equals("false")) {
                throw new Invalid("_pretty must be true or false");
            }
        }
    }

    private static Optional<String> single(Map<String, List<String>> query, String name) throws Invalid {
        List<String> values = query.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new Invalid(name + " is given " + values.size() + " times; give it once");
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    static Instant instant(String name, String text) throws Invalid {
        // An unencoded '+' of an offset arrives as a space.
        String t = text.strip().replace(' ', '+');
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new Invalid(name + " '" + text + "' is not an RFC 3339 time with an offset, e.g. 2026-11-22T07:30:00Z");
        }
    }

    static List<String> namesOf(Map<String, List<String>> query) {
        return new ArrayList<>(query.keySet());
    }
}
