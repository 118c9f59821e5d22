package dk.telemed.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Progress lines on stderr while the bench runs; the results go to stdout at the end.
 * Warnings (a broker that dropped messages, a gateway that died) are also kept, so the report
 * lists them.
 */
public final class Log {
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final List<String> warnings = new ArrayList<>();

    public Log(PrintStream out) {
        this.out = out;
    }

    public void line(String format, Object... args) {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        out.printf(Locale.ROOT, "[%02d:%02d] %s%n", s / 60, s % 60, String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** A line that also goes into the report's notes. */
    public synchronized void warn(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        warnings.add(text);
        line("WARNING: %s", text);
    }

    public synchronized List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** 12345.6 → "12,346"; NaN → "–". */
    public static String n(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** One decimal: 0.456 → "0.5". */
    public static String d1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    /** Two decimals. */
    public static String d2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** "single" for one reading per message, "batch 20" for 20. */
    public static String mode(int batch) {
        return batch == 1 ? "single" : "batch " + batch;
    }
}
