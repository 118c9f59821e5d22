package dk.telemed.gateway.config;

import java.util.List;

/** All settings of the gateway, read once at start (see {@code config/gateway.yaml} for each one's meaning). */
public record GatewayConfig(MqttConfig mqtt, InfluxConfig influx, HttpConfig http, RegistryConfig registry,
                            IngestConfig ingest, List<WebhookConfig> webhooks, WebhookDeliveryConfig webhookDelivery,
                            RulesConfig rules, AuthConfig auth, AuditConfig audit, ApiConfig api, FhirConfig fhir,
                            HealthConfig health, QuestionnairesConfig questionnaires,
                            FeedbackConfig feedback, CoordinationConfig coordination) {
    public GatewayConfig {
        webhooks = List.copyOf(webhooks);
    }

    /** Every problem with the values, each naming its key; empty when the configuration is usable. */
    public List<String> problems() {
        Problems p = new Problems();
        mqtt.validate(p);
        influx.validate(p);
        http.validate(p);
        registry.validate(p);
        ingest.validate(p);
        WebhookConfig.validate(webhooks, p);
        webhookDelivery.validate(p);
        rules.validate(p);
        auth.validate(p);
        audit.validate(p);
        api.validate(p);
        fhir.validate(p);
        health.validate(p);
        questionnaires.validate(p);
        feedback.validate(p);
        coordination.validate(p);
        return p.list();
    }
}
