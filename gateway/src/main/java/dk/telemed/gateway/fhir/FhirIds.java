package dk.telemed.gateway.fhir;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Patient and device ids as FHIR resource ids. The registry's alphabet allows {@code _},
 * FHIR's does not: such an id is served as {@code h.} and 32 hex digits of its SHA-256, and
 * found again through the registry. Every other id is served as it is.
 */
final class FhirIds {
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private FhirIds() {
    }

    static String of(String id) {
        if (FHIR_ID.matcher(id).matches()) {
            return id;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "h." + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
