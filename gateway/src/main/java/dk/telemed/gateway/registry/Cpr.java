package dk.telemed.gateway.registry;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional Danish CPR number of a registry entry, {@code DDMMYY-XXXX}. A problem message
 * never repeats the value: registry problems go to the log, and a CPR number is a direct
 * identifier.
 */
final class Cpr {
    private static final Pattern FORM = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})-\\d{4}");
    private static final int[] DAYS_IN_MONTH = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private Cpr() {
    }

    static Optional<String> parse(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        String value = node.asText();
        if (!node.isTextual() || !isValid(value)) {
            problems.add(at + ": must be a CPR number of the form DDMMYY-XXXX with a real date"
                    + " (written in quotes; the value is not shown here)");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /**
     * The form and a possible birth date. The check digit is not tested: numbers issued since
     * 2007 need not satisfy the old modulus 11 rule.
     */
    static boolean isValid(String value) {
        Matcher m = FORM.matcher(value);
        if (!m.matches()) {
            return false;
        }
        int day = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int year = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) {
            return false;
        }
        // 29 February only in a leap year; 00 may be 2000 (leap) or 1900, so it passes.
        return !(month == 2 && day == 29 && year % 4 != 0);
    }
}
