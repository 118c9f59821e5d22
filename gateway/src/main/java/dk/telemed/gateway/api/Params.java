package dk.telemed.gateway.api;

import dk.telemed.gateway.model.MeasurementType;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/** Query parameters, each checked with a message that names the parameter and what it should be. */
final class Params {
    private Params() {
    }

    static Optional<String> optional(RoutingContext ctx, String name) {
        String value = ctx.request().getParam(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    static int intParam(RoutingContext ctx, String name, int fallback, int min, int max) {
        Optional<String> text = optional(ctx, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadRequest("bad parameter " + name, List.of(name + ": '" + text.get() + "' must be a whole number from "
                + min + " to " + max));
    }

    /** An RFC 3339 time with an offset, e.g. 2026-11-22T07:30:00+01:00 or 2026-11-22T06:30:00Z. */
    static Optional<Instant> time(String name, Optional<String> text, List<String> problems) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeParseException e) {
            problems.add(name + ": '" + text.get() + "' is not an RFC 3339 time such as 2026-11-22T07:30:00+01:00");
            return Optional.empty();
        }
    }

    static Optional<MeasurementType> type(Optional<String> text, List<String> problems) {
        if (text.isEmpty()) {
            problems.add("type: missing (one of " + MeasurementType.knownWireNames() + ")");
            return Optional.empty();
        }
        Optional<MeasurementType> type = MeasurementType.fromWireName(text.get());
        if (type.isEmpty()) {
            problems.add("type: unknown measurement type '" + text.get() + "' (known: " + MeasurementType.knownWireNames() + ")");
        }
        return type;
    }
}
