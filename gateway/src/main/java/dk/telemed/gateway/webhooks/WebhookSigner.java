package dk.telemed.gateway.webhooks;

import dk.telemed.gateway.config.WebhookConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Signs a webhook request as the Standard Webhooks spec says: the {@code webhook-signature}
 * header is {@code v1,<base64 HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}">},
 * once per secret, separated by spaces, so a receiver can rotate its key.
 *
 * <p>A secret {@code whsec_<base64>} (the spec's form) is used as the decoded bytes; any other
 * secret as its UTF-8 bytes, which is what {@code openssl dgst -hmac SECRET} and most
 * receivers' HMAC code do with a plain text secret. The keys never leave this object: no
 * accessor, and {@link #toString()} shows only how many there are.
 */
public final class WebhookSigner {
    private static final String ALGORITHM = "HmacSHA256";
    private final List<SecretKeySpec> keys;

    private WebhookSigner(List<SecretKeySpec> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a webhook needs at least one signing secret");
        }
        this.keys = List.copyOf(keys);
    }

    /** @param secrets as configured (validated by the configuration) */
    public static WebhookSigner of(List<String> secrets) {
        return new WebhookSigner(secrets.stream().map(WebhookSigner::key).collect(Collectors.toList()));
    }

    static SecretKeySpec key(String secret) {
        byte[] bytes = secret.startsWith(WebhookConfig.SECRET_PREFIX)
                ? Base64.getDecoder().decode(secret.substring(WebhookConfig.SECRET_PREFIX.length()))
                : secret.getBytes(StandardCharsets.UTF_8);
        return new SecretKeySpec(bytes, ALGORITHM);
    }

    /** The {@code webhook-signature} header value for this id, timestamp (Unix seconds) and exact body. */
    public String sign(String id, long timestampSeconds, byte[] body) {
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        StringBuilder header = new StringBuilder();
        for (SecretKeySpec key : keys) {
            if (header.length() > 0) {
                header.append(' ');
            }
            header.append("v1,").append(Base64.getEncoder().encodeToString(hmac(key, prefix, body)));
        }
        return header.toString();
    }

    private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(prefix);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is in every JRE; only a broken runtime gets here.
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    @Override
    public String toString() {
        return "WebhookSigner[" + keys.size() + " key(s)]";
    }
}
