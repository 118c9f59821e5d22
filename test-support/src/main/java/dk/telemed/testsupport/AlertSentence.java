package dk.telemed.testsupport;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value, side and limit an alert's sentence states, as the gateway writes it
 * ("Respiratory rate 26 /min is above 24 /min (measured …)") and as the dashboard shows it
 * ("Respirationsfrekvens 26 /min over 24 /min", Danish decimal commas), so a test can check
 * that the sentence is true: the value lies on the stated side of the stated limit.
 */
public record AlertSentence(double value, boolean below, double limit) {
    private static final String NUMBER = "(-?\\d+(?:[.,]\\d+)?)";
    private static final String UNIT = "(?: ?\\S+)?";
    private static final Pattern SENTENCE = Pattern.compile(
            NUMBER + UNIT + " (?:is )?(below|above|under|over) " + NUMBER);

    /** The first "value unit below/above limit" the text states, if any. */
    public static Optional<AlertSentence> in(String text) {
        Matcher m = SENTENCE.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        String side = m.group(2).toLowerCase(Locale.ROOT);
        return Optional.of(new AlertSentence(number(m.group(1)), side.equals("below") || side.equals("under"), number(m.group(3))));
    }

    /** The value is strictly on the stated side of the limit, as the rules' limits are strict. */
    public boolean isTrue() {
        return below ? value < limit : value > limit;
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }
}
