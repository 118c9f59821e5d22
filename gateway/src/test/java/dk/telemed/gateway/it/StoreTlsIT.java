package dk.telemed.gateway.it;

import dk.telemed.gateway.config.InfluxConfig;
import dk.telemed.gateway.store.InfluxClient;
import dk.telemed.testsupport.TestTls;
import dk.telemed.testsupport.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The store client over https: it trusts the configured CA (and only with it), and sends its
 * credentials as a Basic Authorization header. An HTTPS stand-in answers /ping as InfluxDB does.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StoreTlsIT {
    @Test
    void httpsToInfluxTrustsTheConfiguredCaAndSendsBasicAuthorization() {
        Path certificates = TestTls.makeCertificates(Path.of("target/it/StoreTlsIT/tls-" + System.nanoTime()).toAbsolutePath());
        try (WebhookReceiver influx = WebhookReceiver.startHttps("ping", certificates)
                .answer(204, Map.of("X-Influxdb-Version", "1.6.7"))) {
            String url = influx.url().replace("/ping", "");
            try (InfluxClient trusting = new InfluxClient(config(url, certificates.resolve("ca.crt").toString()))) {
                trusting.ping();
            }
            assertThat(influx.requests()).hasSize(1);
            assertThat(influx.requests().get(0).header("authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("gateway:s3cret".getBytes(StandardCharsets.UTF_8)));

            try (InfluxClient untrusting = new InfluxClient(config(url, ""))) {
                assertThatThrownBy(untrusting::ping).hasStackTraceContaining("certification path");
            }
            assertThat(influx.requests()).hasSize(1);
        }
    }

    static InfluxConfig config(String url, String caFile) {
        return new InfluxConfig(url, "telemed", 100, 10, 1, 100, 1000, 5000, 5000, 5000, 1000, "gateway", "s3cret", "", caFile);
    }
}
