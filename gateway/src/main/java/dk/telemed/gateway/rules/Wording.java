package dk.telemed.gateway.rules;

import dk.telemed.gateway.model.MeasurementType;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The sentences alerts carry: written for a nurse, in the units a nurse reads. */
final class Wording {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    private Wording() {
    }

    static String name(MeasurementType type) {
        return switch (type) {
            case SPO2 -> "SpO2";
            case PULSE -> "Pulse";
            case RESP_RATE -> "Respiratory rate";
            case WEIGHT -> "Weight";
            case FEV1 -> "FEV1";
            case FVC -> "FVC";
            case PEF -> "Peak flow (PEF)";
            case GLUCOSE -> "Blood glucose";
            case KETONES -> "Blood ketones";
            case TEMPERATURE -> "Temperature";
            case BP_SYS -> "Systolic blood pressure";
            case BP_DIA -> "Diastolic blood pressure";
        };
    }

    /** The canonical UCUM unit as printed: mm[Hg] reads mmHg, Cel reads °C. */
    static String unit(MeasurementType type) {
        return switch (type.canonicalUnit()) {
            case "mm[Hg]" -> "mmHg";
            case "Cel" -> "°C";
            default -> type.canonicalUnit();
        };
    }

    /** A value with its unit, without float noise: 91 %, 2.6 mmol/L. */
    static String quantity(double value, MeasurementType type) {
        String u = unit(type);
        return number(value) + (u.equals("%") ? " %" : " " + u);
    }

    static String number(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
    }

    /**
     * "2026-11-22 07:30 +01:00". The rules write this for every reading, and readings come minutes
     * apart at most for a series, so the last answer is kept: it holds for every instant of the same
     * local minute at the same offset, which is all the text shows.
     */
    static String when(Instant t, ZoneId zone) {
        ZoneOffset offset = zone.getRules().getOffset(t);
        long localMinute = Math.floorDiv(t.getEpochSecond() + offset.getTotalSeconds(), 60);
        LastWhen last = lastWhen;
        if (last != null && last.localMinute == localMinute && last.offset.equals(offset) && last.zone.equals(zone)) {
            return last.text;
        }
        String text = WHEN.format(t.atZone(zone));
        lastWhen = new LastWhen(zone, offset, localMinute, text);
        return text;
    }

    /** Immutable, so a reader on another thread sees a whole one or none; a lost update only costs a format. */
    private static volatile LastWhen lastWhen;

    private record LastWhen(ZoneId zone, ZoneOffset offset, long localMinute, String text) {
    }

    /** "2 days 3 h", "45 min": how long ago or how long after. */
    static String span(Duration d) {
        long minutes = Math.max(0, d.toMinutes());
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        if (hours < 48) {
            return hours + " h";
        }
        return hours / 24 + " days" + (hours % 24 == 0 ? "" : " " + hours % 24 + " h");
    }

    /** A rule's window as people say it: "30 days", "12 h", "30 min". */
    static String period(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() == 1 ? "day" : d.toDays() + " days";
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + " h";
        }
        return d.toMinutes() + " min";
    }
}
