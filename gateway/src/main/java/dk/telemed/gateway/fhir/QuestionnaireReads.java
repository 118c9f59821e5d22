package dk.telemed.gateway.fhir;

import dk.telemed.gateway.questionnaire.Questionnaires;
import dk.telemed.gateway.questionnaire.StoredResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * {@code GET /fhir/Questionnaire} (every questionnaire, and each by id) and
 * {@code GET /fhir/QuestionnaireResponse}: one patient's responses by date, oldest first,
 * {@code _count} a page (0 to the configured maximum), the next page from just after the last
 * response of this one. Parameters it does not know are refused, never ignored.
 */
final class QuestionnaireReads {
    /** The checked parameters of a response search. */
    record Search(String patient, Optional<String> questionnaire, Instant from, Optional<Instant> to, int count) {
    }

    private static final Set<String> KNOWN = Set.of("patient", "date", "questionnaire", "_count", "_format", "_pretty");

    private final Supplier<Questionnaires> questionnaires;
    private final FhirApi.StoredResponses responses;

    QuestionnaireReads(Supplier<Questionnaires> questionnaires, FhirApi.StoredResponses responses) {
        this.questionnaires = questionnaires;
        this.responses = responses;
    }

    Bundle questionnaires(String base, String self) {
        Bundle bundle = searchset(self, questionnaires.get().all().size());
        questionnaires.get().all().forEach(q -> entry(bundle, base, QuestionnaireMapper.map(q)));
        return bundle;
    }

    Optional<org.hl7.fhir.r4.model.Questionnaire> questionnaire(String id) {
        return questionnaires.get().all().stream().filter(q -> QuestionnaireMapper.id(q.id(), q.version()).equals(id))
                .findFirst().map(QuestionnaireMapper::map);
    }

    static Search parse(Map<String, List<String>> query, int defaultCount, int maxCount) throws SearchParams.Invalid {
        for (String name : query.keySet()) {
            if (!KNOWN.contains(name)) {
                throw new SearchParams.Invalid("unknown search parameter '" + name
                        + "'; QuestionnaireResponse is searched by patient, date, questionnaire and _count");
            }
        }
        List<String> patients = query.getOrDefault("patient", List.of());
        if (patients.size() != 1 || patients.get(0).replaceFirst("^Patient/", "").isBlank()) {
            throw new SearchParams.Invalid("the patient parameter is required, once: ?patient={id}");
        }
        Instant from = Instant.EPOCH;
        Optional<Instant> to = Optional.empty();
        for (String d : query.getOrDefault("date", List.of())) {
            if (d.length() < 3) {
                throw new SearchParams.Invalid("date must be ge, gt, le or lt and an RFC 3339 time with an offset, e.g. date=ge2026-12-01T00:00:00Z");
            }
            String prefix = d.substring(0, 2);
            Instant t;
            try {
                t = OffsetDateTime.parse(d.substring(2)).toInstant();
            } catch (DateTimeParseException e) {
                throw new SearchParams.Invalid("date '" + d + "': the time must be RFC 3339 with an offset, e.g. 2026-12-01T00:00:00Z");
            }
            switch (prefix) {
                case "ge" -> from = t;
                case "gt" -> from = t.plusNanos(1);
                case "lt" -> to = Optional.of(t);
                case "le" -> to = Optional.of(t.plusNanos(1));
                default -> throw new SearchParams.Invalid("date '" + d + "' must start with ge, gt, le or lt");
            }
        }
        List<String> qs = query.getOrDefault("questionnaire", List.of());
        if (qs.size() > 1) {
            throw new SearchParams.Invalid("questionnaire may be given once");
        }
        Optional<String> questionnaire = qs.stream().findFirst()
                .map(q -> q.replaceFirst("^" + QuestionnaireMapper.CANONICAL, "").replaceFirst("\\|.*$", ""));
        int count = defaultCount;
        List<String> counts = query.getOrDefault("_count", List.of());
        if (counts.size() > 1) {
            throw new SearchParams.Invalid("_count may be given once");
        }
        if (!counts.isEmpty()) {
            try {
                count = Math.min(maxCount, Integer.parseInt(counts.get(0)));
            } catch (NumberFormatException e) {
                throw new SearchParams.Invalid("_count must be a whole number from 0 to " + maxCount);
            }
            if (count < 0) {
                throw new SearchParams.Invalid("_count must be a whole number from 0 to " + maxCount);
            }
        }
        return new Search(patients.get(0).replaceFirst("^Patient/", ""), questionnaire, from, to, count);
    }

    /** One page; {@code patient} is the registry's id, {@code fhirPatient} the id it is served as. Blocking. */
    Bundle responses(Search s, String patient, String fhirPatient, Instant until, String base, String self) {
        Instant to = s.to().orElse(until);
        List<StoredResponse> found = s.count() == 0 ? List.of() : responses.responses(patient, s.questionnaire(), s.from(), to, s.count() + 1);
        boolean more = found.size() > s.count();
        List<StoredResponse> page = more ? found.subList(0, s.count()) : found;
        Bundle bundle = searchset(self, -1);
        for (StoredResponse r : page) {
            entry(bundle, base, QuestionnaireMapper.map(fhirPatient, r, questionnaires.get().find(r.questionnaire(), r.version())));
        }
        if (more) {
            StoredResponse last = page.get(page.size() - 1);
            StringJoiner q = new StringJoiner("&");
            add(q, "patient", fhirPatient);
            add(q, "date", "gt" + last.answeredAt());
            add(q, "date", "lt" + to);
            s.questionnaire().ifPresent(x -> add(q, "questionnaire", x));
            add(q, "_count", Integer.toString(s.count()));
            bundle.addLink().setRelation("next").setUrl(base + "/QuestionnaireResponse?" + q);
        }
        return bundle;
    }

    private static Bundle searchset(String self, long total) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        if (total >= 0) {
            bundle.setTotal((int) total);
        }
        bundle.addLink().setRelation("self").setUrl(self);
        return bundle;
    }

    private static void entry(Bundle bundle, String base, Resource r) {
        bundle.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }

    private static void add(StringJoiner q, String name, String value) {
        q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
