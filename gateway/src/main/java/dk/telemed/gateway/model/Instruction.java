package dk.telemed.gateway.model;

import java.util.Objects;

/**
 * What to do about an alert, for the nurse who gets it, in Danish and English: "Hypoglykæmi:
 * hurtige kulhydrater, mål igen om 15 min".
 */
public record Instruction(String da, String en) {
    public Instruction {
        Objects.requireNonNull(da, "da");
        Objects.requireNonNull(en, "en");
    }
}
