package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;
import dk.telemed.gateway.store.ReadingQueries;
import dk.telemed.gateway.store.ReadingQueries.Row;
import dk.telemed.gateway.store.ReadingQueries.TimeBound;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One page of a patient's Observations, read from InfluxDB with the patient, the types and
 * the time range in the query. A page continues strictly after (or before) its cursor's
 * position in the order (time, device, kind): readings of the cursor's own instant are read
 * whole, then the next readings in time, in chunks, until one Observation more than the page
 * holds is known (so {@code next} is given only when there is more). Blocking: call on a worker.
 */
final class ObservationSearch {
    /** The Observations of the page in the search's order, whether more lie beyond each end, and how many match in all. */
    record Page(List<Measurement> items, boolean more, boolean before, long total) {
    }

    private final ReadingQueries queries;

    ObservationSearch(ReadingQueries queries) {
        this.queries = queries;
    }

    Page page(SearchParams p, Instant until) {
        Set<MeasurementType> types = p.types();
        List<TimeBound> bounds = bounds(p, until);
        long total = total(p, types, bounds);
        if (types.isEmpty() || p.count() == 0) {
            return new Page(List.of(), false, p.cursor().isPresent(), total);
        }
        Optional<Cursor> cursor = p.cursor();
        // A previous link reads backwards from its cursor, then shows the page in the search's order.
        boolean ascending = cursor.map(c -> c.forward() == p.ascending()).orElse(p.ascending());
        List<Measurement> found = collect(p, types, bounds, cursor, ascending);
        boolean more = found.size() > p.count();
        List<Measurement> items = new ArrayList<>(found.subList(0, Math.min(p.count(), found.size())));
        boolean backwards = cursor.isPresent() && !cursor.get().forward();
        if (backwards) {
            Collections.reverse(items);
            // Going back: beyond the far end lies more when found says so; the near end is where we came from.
            return new Page(items, true, more, total);
        }
        return new Page(items, more, cursor.isPresent(), total);
    }

    private List<Measurement> collect(SearchParams p, Set<MeasurementType> types, List<TimeBound> bounds,
                                      Optional<Cursor> cursor, boolean ascending) {
        List<Measurement> out = new ArrayList<>();
        Optional<Instant> edge = Optional.empty();
        if (cursor.isPresent()) {
            Cursor c = cursor.get();
            for (Measurement m : matching(p, at(p, types, bounds, c.ts()), ascending)) {
                int side = c.compareTo(m);
                if (ascending ? side > 0 : side < 0) {
                    out.add(m);
                }
            }
            edge = Optional.of(c.ts());
        }
        int chunk = 2 * p.count() + 2;
        while (out.size() <= p.count()) {
            List<TimeBound> beyond = new ArrayList<>(bounds);
            edge.ifPresent(t -> beyond.add(new TimeBound(ascending ? ">" : "<", t)));
            List<Row> rows = queries.readings(p.patient(), types, beyond, ascending, chunk);
            if (rows.isEmpty()) {
                break;
            }
            Instant last = rows.get(rows.size() - 1).ts();
            List<Row> whole = new ArrayList<>(rows.stream().filter(r -> !r.ts().equals(last)).toList());
            // The last instant may be cut by the limit: read it whole so a panel is never split.
            whole.addAll(at(p, types, bounds, last));
            out.addAll(matching(p, whole, ascending));
            edge = Optional.of(last);
            if (rows.size() < chunk) {
                break;
            }
        }
        return out;
    }

    private List<Row> at(SearchParams p, Set<MeasurementType> types, List<TimeBound> bounds, Instant ts) {
        List<TimeBound> exact = new ArrayList<>(bounds);
        exact.add(new TimeBound("=", ts));
        return queries.readings(p.patient(), types, exact, true, 10_000);
    }

    private static List<Measurement> matching(SearchParams p, List<Row> rows, boolean ascending) {
        List<Measurement> items = new ArrayList<>(Measurement.group(rows).stream().filter(p::matches).toList());
        if (!ascending) {
            Collections.reverse(items);
        }
        return items;
    }

    /** Readings of other types count one each; blood pressure counts its Observations (a pair is one). */
    private long total(SearchParams p, Set<MeasurementType> types, List<TimeBound> bounds) {
        if (types.isEmpty()) {
            return 0;
        }
        Set<MeasurementType> bp = EnumSet.of(MeasurementType.BP_SYS, MeasurementType.BP_DIA);
        Set<MeasurementType> others = EnumSet.copyOf(types);
        others.removeAll(bp);
        long total = 0;
        if (!others.isEmpty()) {
            for (Map.Entry<MeasurementType, Long> e : queries.counts(p.patient(), others, bounds).entrySet()) {
                total += e.getValue();
            }
        }
        Set<MeasurementType> bpAsked = EnumSet.noneOf(MeasurementType.class);
        types.stream().filter(bp::contains).forEach(bpAsked::add);
        if (!bpAsked.isEmpty()) {
            List<Row> rows = queries.readings(p.patient(), bpAsked, bounds, true, Integer.MAX_VALUE);
            total += Measurement.group(rows).stream().filter(p::matches).count();
        }
        return total;
    }

    static List<TimeBound> bounds(SearchParams p, Instant until) {
        List<TimeBound> bounds = new ArrayList<>();
        p.from().ifPresent(f -> bounds.add(new TimeBound(p.fromInclusive() ? ">=" : ">", f)));
        p.to().ifPresent(t -> bounds.add(new TimeBound(p.toInclusive() ? "<=" : "<", t)));
        bounds.add(new TimeBound("<=", until));
        return bounds;
    }
}
