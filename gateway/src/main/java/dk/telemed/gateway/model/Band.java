package dk.telemed.gateway.model;

import java.util.OptionalDouble;

/**
 * One severity's limits for a measurement: alarming when strictly below {@code below} or
 * strictly above {@code above}. Either side may be absent.
 */
public record Band(OptionalDouble below, OptionalDouble above) {
    public static final Band NONE = new Band(OptionalDouble.empty(), OptionalDouble.empty());
}
