package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The trend rules of the clinical defaults, in their order, with each type's own rules found
 * without a search: they are asked for at every reading. Immutable; equal to any list of the
 * same rules.
 */
final class TrendRules extends AbstractList<TrendRule> implements RandomAccess {
    private final List<TrendRule> all;
    private final Map<MeasurementType, List<TrendRule>> byType = new EnumMap<>(MeasurementType.class);

    private TrendRules(List<TrendRule> all) {
        this.all = List.copyOf(all);
        Map<MeasurementType, List<TrendRule>> grouped = new EnumMap<>(MeasurementType.class);
        for (TrendRule r : this.all) {
            grouped.computeIfAbsent(r.type(), t -> new ArrayList<>()).add(r);
        }
        grouped.forEach((type, rules) -> byType.put(type, List.copyOf(rules)));
    }

    static TrendRules of(List<TrendRule> rules) {
        return rules instanceof TrendRules t ? t : new TrendRules(rules);
    }

    /** The rules of one type, in the defaults' order; empty when it has none. */
    List<TrendRule> of(MeasurementType type) {
        return byType.getOrDefault(type, List.of());
    }

    @Override
    public TrendRule get(int index) {
        return all.get(index);
    }

    @Override
    public int size() {
        return all.size();
    }
}
