package dk.telemed.gateway.fhir;

import dk.telemed.gateway.model.MeasurementType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Observation ids that stay the same for the same stored reading: {@code kind-time-owner},
 * where {@code kind} is the type ({@code spo2}, {@code resp.rate}, {@code bp} for a panel),
 * {@code time} the reading's epoch nanoseconds in base 36, and {@code owner} 16 hex digits of
 * SHA-256 over patient, device and kind. At most 11 + 1 + 13 + 1 + 16 = 42 characters of
 * FHIR's id alphabet. The id is decoded to a type and an exact time, which InfluxDB answers
 * with the few readings of that instant; the owner digits pick the right one, so an id cannot
 * be guessed from a patient id without the device too.
 */
final class ObservationIds {
    static final String PANEL = "bp";
    private static final Pattern ID = Pattern.compile("([a-z0-9.]{1,16})-([0-9a-z]{1,13})-([0-9a-f]{16})");

    /** A decoded id: which types to look at, when, and whose. */
    record Decoded(String kind, Instant ts, String owner) {
    }

    private ObservationIds() {
    }

    static String token(MeasurementType type) {
        return type.wireName().replace('_', '.');
    }

    static String of(Measurement m) {
        return m.kind() + "-" + Long.toString(nanos(m.ts()), 36) + "-" + owner(m.patient(), m.device(), m.kind());
    }

    static String owner(String patient, String device, String kind) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((patient + "|" + device + "|" + kind).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Empty for text that is not an id of this shape (answered 404, like an unknown id). */
    static Optional<Decoded> decode(String id) {
        Matcher m = ID.matcher(id == null ? "" : id);
        if (!m.matches()) {
            return Optional.empty();
        }
        String kind = m.group(1);
        boolean known = kind.equals(PANEL) || MeasurementType.fromWireName(kind.replace('.', '_')).isPresent();
        long nanos;
        try {
            nanos = Long.parseLong(m.group(2), 36);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!known || nanos < 0) {
            return Optional.empty();
        }
        return Optional.of(new Decoded(kind, Instant.ofEpochSecond(0, nanos), m.group(3)));
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }
}
