package dk.telemed.gateway.model;

/**
 * Text from outside (a device's msgId or topic, a broker's reason string) made safe for one
 * log line: control characters, line and paragraph separators and backslashes are written as
 * escapes, so such a string can never start a line of its own that looks like the gateway's,
 * and it is cut to a length a person can read.
 */
public final class LogText {
    /** Longest text shown; the rest is counted, not written (a msgId may be up to 64 KiB). */
    public static final int MAX_CHARS = 128;

    private LogText() {
    }

    public static String escape(String text) {
        if (text == null) {
            return "(none)";
        }
        int shown = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 16);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (text.length() > shown) {
            out.append("...(").append(text.length() - shown).append(" more characters)");
        }
        return out.toString();
    }
}
