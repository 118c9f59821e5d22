package dk.telemed.gateway.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a signed-in user may do (interface section 6). */
public enum Role {
    /** Sees the patients of her care teams and acknowledges their alerts. */
    NURSE,
    /** A nurse's rights, and may change a patient's thresholds, plan and pauses. */
    CLINICIAN,
    /** Manages nothing clinical; reads the audit log. */
    ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(r -> r.wireName().equals(name)).findFirst();
    }

    public boolean seesPatients() {
        return this != ADMIN;
    }

    public boolean changesClinicalSettings() {
        return this == CLINICIAN;
    }
}
