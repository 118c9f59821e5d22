package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.rules.OpenAlert;
import dk.telemed.gateway.store.ReadingQueries;
import dk.telemed.gateway.store.ReadingQueries.AlertRecord;
import dk.telemed.gateway.store.ThresholdHistory;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/** The reads behind each FHIR answer that need InfluxDB. Blocking: every method runs on a worker thread. */
final class FhirReads {
    /** An Observation and whose it is (for the care-team check). */
    record Found(String patient, Observation observation) {
    }

    private final ReadingQueries queries;
    private final ThresholdHistory history;
    private final ObservationSearch search;

    FhirReads(ReadingQueries queries, ThresholdHistory history) {
        this.queries = queries;
        this.history = history;
        this.search = new ObservationSearch(queries);
    }

    Bundle observations(SearchParams p, Instant until, String base, String self) {
        ObservationSearch.Page page = search.page(p, until);
        AppliedBands bands = new AppliedBands(history.versionsOf(p.patient()));
        Bundle bundle = searchset(self, page.total());
        for (Measurement m : page.items()) {
            entry(bundle, base, ObservationMapper.map(m, bands));
        }
        if (page.more() && !page.items().isEmpty()) {
            link(bundle, "next", base + "/Observation?" + query(p, until, Cursor.after(page.items().get(page.items().size() - 1), true)));
        }
        if (page.before() && !page.items().isEmpty()) {
            link(bundle, "previous", base + "/Observation?" + query(p, until, Cursor.after(page.items().get(0), false)));
        }
        return bundle;
    }

    Optional<Found> observation(String id) {
        Optional<ObservationIds.Decoded> decoded = ObservationIds.decode(id);
        if (decoded.isEmpty()) {
            return Optional.empty();
        }
        String kind = decoded.get().kind();
        Set<MeasurementType> types = kind.equals(ObservationIds.PANEL) ? EnumSet.of(MeasurementType.BP_SYS, MeasurementType.BP_DIA)
                : EnumSet.of(MeasurementType.fromWireName(kind.replace('.', '_')).orElseThrow());
        if (types.contains(MeasurementType.BP_SYS) || types.contains(MeasurementType.BP_DIA)) {
            types.addAll(EnumSet.of(MeasurementType.BP_SYS, MeasurementType.BP_DIA));
        }
        for (Measurement m : Measurement.group(queries.at(types, decoded.get().ts()))) {
            if (ObservationIds.of(m).equals(id)) {
                AppliedBands bands = new AppliedBands(history.versionsOf(m.patient()));
                return Optional.of(new Found(m.patient(), ObservationMapper.map(m, bands)));
            }
        }
        return Optional.empty();
    }

    Set<MeasurementType> measured(String patient, String device) {
        return queries.typesMeasured(patient, device);
    }

    /** The patient's alerts from the alerts measurement, with what the rules hold open now taking precedence. */
    Bundle flags(String patient, Optional<Boolean> active, List<OpenAlert> open, String base, String self) {
        Map<String, AlertRecord> byId = new LinkedHashMap<>();
        queries.alerts(patient).forEach(a -> byId.put(a.alertId(), a));
        for (OpenAlert a : open) {
            if (a.key().patient().equals(patient)) {
                byId.put(a.alertId(), new AlertRecord(a.alertId(), a.key().type(), a.severity().wireName(), a.rule(), a.raisedAt(),
                        Optional.empty(), a.message()));
            }
        }
        List<Resource> flags = new ArrayList<>();
        for (AlertRecord a : byId.values()) {
            Flag f = FlagMapper.map(patient, a);
            if (active.isEmpty() || active.get() == (f.getStatus() == Flag.FlagStatus.ACTIVE)) {
                flags.add(f);
            }
        }
        Bundle bundle = searchset(self, flags.size());
        flags.forEach(f -> entry(bundle, base, f));
        return bundle;
    }

    private static Bundle searchset(String self, long total) {
        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal((int) Math.min(Integer.MAX_VALUE, total));
        link(bundle, "self", self);
        return bundle;
    }

    private static void entry(Bundle bundle, String base, Resource r) {
        bundle.addEntry().setFullUrl(base + "/" + r.fhirType() + "/" + r.getIdElement().getIdPart()).setResource(r)
                .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
    }

    private static void link(Bundle bundle, String relation, String url) {
        bundle.addLink().setRelation(relation).setUrl(url);
    }

    /** The same search, its upper bound frozen, continuing from {@code cursor}. */
    static String query(SearchParams p, Instant until, Cursor cursor) {
        StringJoiner q = new StringJoiner("&");
        add(q, "patient", p.patient());
        if (!p.codes().isEmpty()) {
            add(q, "code", String.join(",", p.codes().stream().map(c -> c.startsWith("|") ? c.substring(1) : c).toList()));
        }
        p.from().ifPresent(f -> add(q, "date", (p.fromInclusive() ? "ge" : "gt") + f));
        p.to().ifPresent(t -> add(q, "date", (p.toInclusive() ? "le" : "lt") + t));
        add(q, "_sort", p.ascending() ? "date" : "-date");
        add(q, "_count", Integer.toString(p.count()));
        add(q, "_until", until.toString());
        add(q, "_cursor", cursor.text());
        return q.toString();
    }

    private static void add(StringJoiner q, String name, String value) {
        q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
