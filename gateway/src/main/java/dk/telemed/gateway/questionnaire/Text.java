package dk.telemed.gateway.questionnaire;

import dk.telemed.gateway.model.Language;

import java.util.Objects;

/** A patient-facing text in Danish, with the English beside it. */
public record Text(String da, String en) {
    public Text {
        Objects.requireNonNull(da, "da");
        Objects.requireNonNull(en, "en");
    }

    public String in(Language language) {
        return language == Language.EN ? en : da;
    }
}
