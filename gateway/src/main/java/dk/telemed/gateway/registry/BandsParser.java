package dk.telemed.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dk.telemed.gateway.config.YamlTree;
import dk.telemed.gateway.model.Band;
import dk.telemed.gateway.model.Bands;
import dk.telemed.gateway.model.MeasurementType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reads the red/yellow × below/above bands, the one shape a patient's {@code thresholds:} in the
 * registry, the dashboard's settings and the clinical defaults' {@code bands:} share, so a
 * doctor's override reads like the default it replaces. Every problem is named by its path.
 */
public final class BandsParser {
    private static final Set<String> BANDS_KEYS = Set.of("red", "yellow");
    private static final Set<String> BAND_KEYS = Set.of("below", "above");

    private BandsParser() {
    }

    /** Parses a patient's {@code thresholds:} mapping; the dashboard's API validates with the same code. */
    public static Map<MeasurementType, Bands> thresholds(JsonNode node, String at, List<String> problems) {
        return TypeMaps.byType(node, at, "a mapping from measurement type to red/yellow bands", problems, BandsParser::bands);
    }

    /** Parses one {@code {red: {...}, yellow: {...}}} mapping; shared with the clinical defaults' parser. */
    public static Optional<Bands> bands(JsonNode node, String at, List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": expected red and/or yellow bands");
            return Optional.empty();
        }
        YamlTree.unknownKeys(node, BANDS_KEYS, at, problems);
        Bands bands = new Bands(band(node.path("red"), at + ".red", problems), band(node.path("yellow"), at + ".yellow", problems));
        checkNested(bands, at, problems);
        return Optional.of(bands);
    }

    /** The red band lies outside the yellow one: a value cannot be red while a milder value is yellow. */
    private static void checkNested(Bands b, String at, List<String> problems) {
        if (b.red().below().isPresent() && b.yellow().below().isPresent()
                && b.red().below().getAsDouble() > b.yellow().below().getAsDouble()) {
            problems.add(at + ".red.below: " + b.red().below().getAsDouble() + " is above yellow.below "
                    + b.yellow().below().getAsDouble() + "; the red limit must be the further one");
        }
        if (b.red().above().isPresent() && b.yellow().above().isPresent()
                && b.red().above().getAsDouble() < b.yellow().above().getAsDouble()) {
            problems.add(at + ".red.above: " + b.red().above().getAsDouble() + " is below yellow.above "
                    + b.yellow().above().getAsDouble() + "; the red limit must be the further one");
        }
    }

    private static Band band(JsonNode node, String at, List<String> problems) {
        if (node.isMissingNode() || node.isNull()) {
            return Band.NONE;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected a mapping with below and/or above");
            return Band.NONE;
        }
        YamlTree.unknownKeys(node, BAND_KEYS, at, problems);
        return new Band(limit(node.get("below"), at + ".below", problems), limit(node.get("above"), at + ".above", problems));
    }

    private static OptionalDouble limit(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            return OptionalDouble.empty();
        }
        if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
            problems.add(at + ": '" + node.asText() + "' is not a number");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(node.asDouble());
    }

}
