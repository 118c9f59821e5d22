package dk.telemed.gateway.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A patient's glucose-lowering treatment, which picks the default glucose measurement plan:
 * daily self-monitoring is advised where the treatment can cause hypoglycaemia or needs dose
 * adjustment (insulin), not for everyone with type 2 diabetes.
 */
public enum Treatment {
    INSULIN, SULFONYLUREA, DIET, OTHER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Treatment> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    public static String knownWireNames() {
        return Arrays.stream(values()).map(Treatment::wireName).collect(Collectors.joining(", "));
    }
}
