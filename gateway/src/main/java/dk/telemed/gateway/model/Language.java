package dk.telemed.gateway.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The languages the patient-facing texts (questionnaires, feedback) are written in; Danish first. */
public enum Language {
    DA, EN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Language> fromWireName(String name) {
        return Arrays.stream(values()).filter(l -> l.wireName().equals(name)).findFirst();
    }
}
