package dk.telemed.gateway.webhooks;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignerTest {
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theStandardWebhooksReferenceVector() {
        // The signing test of the Standard Webhooks reference libraries; also reproduced with
        // openssl dgst -sha256 -mac HMAC -macopt hexkey:<base64-decoded key> -binary | base64.
        WebhookSigner signer = WebhookSigner.of(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThat(signer.sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, utf8("{\"test\": 2432232314}")))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void aPlainSecretIsUsedAsItsUtf8Bytes() {
        // printf '%s' 'evt-1.1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'plain-secret-value' -binary | base64
        WebhookSigner signer = WebhookSigner.of(List.of("plain-secret-value"));
        assertThat(signer.sign("evt-1", 1_700_000_000L, utf8("{\"a\":1}")))
                .isEqualTo("v1,DDjCArmhxYL/O5CHs1PC7/146qnyi0Ve1TFbMr1zowo=");
    }

    @Test
    void everySecretSignsSoAReceiverCanRotate() throws Exception {
        byte[] body = utf8("{\"eventId\":\"e-9\",\"message\":\"Blodsukker 2,6 mmol/L – lavt\"}");
        WebhookSigner signer = WebhookSigner.of(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "old-plain"));
        String[] signatures = signer.sign("e-9", 1_800_000_000L, body).split(" ");
        assertThat(signatures).hasSize(2);
        assertThat(signatures[0]).isEqualTo("v1," + independent(Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                "e-9.1800000000.", body));
        assertThat(signatures[1]).isEqualTo("v1," + independent(utf8("old-plain"), "e-9.1800000000.", body));
    }

    @Test
    void theKeysNeverShowInToString() {
        assertThat(WebhookSigner.of(List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "topsecret")).toString())
                .doesNotContain("MfKQ").doesNotContain("topsecret").contains("2 key");
    }

    static String independent(byte[] key, String prefix, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] content = new byte[prefix.length() + body.length];
        System.arraycopy(utf8(prefix), 0, content, 0, prefix.length());
        System.arraycopy(body, 0, content, prefix.length(), body.length);
        return Base64.getEncoder().encodeToString(mac.doFinal(content));
    }
}
