package dk.telemed.gateway.questionnaire;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How an item is answered: yes or no, a whole number on a scale, or one of the item's options. */
public enum AnswerKind {
    YESNO, SCALE, CHOICE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AnswerKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(name)).findFirst();
    }
}
