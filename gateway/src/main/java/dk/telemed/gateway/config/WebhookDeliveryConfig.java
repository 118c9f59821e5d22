package dk.telemed.gateway.config;

/** How alert events are delivered to every webhook: retries, give-up, flow control and the circuit breaker. */
public record WebhookDeliveryConfig(int initialBackoffMs, int maxBackoffMs, int maxRetryAfterMs, long giveUpAfterSeconds,
                                    int receiveMaximum, int circuitFailures, int circuitCoolDownMs, int recentFailures) {
    void validate(Problems p) {
        p.atLeast(initialBackoffMs, 1, "webhookDelivery.initialBackoffMs");
        p.require(maxBackoffMs >= initialBackoffMs, "webhookDelivery.maxBackoffMs",
                "must be at least webhookDelivery.initialBackoffMs (" + initialBackoffMs + ")");
        p.atLeast(maxRetryAfterMs, 0, "webhookDelivery.maxRetryAfterMs");
        p.atLeast(giveUpAfterSeconds, 1, "webhookDelivery.giveUpAfterSeconds");
        p.between(receiveMaximum, 1, 65535, "webhookDelivery.receiveMaximum");
        p.atLeast(circuitFailures, 1, "webhookDelivery.circuitFailures");
        p.atLeast(circuitCoolDownMs, 1, "webhookDelivery.circuitCoolDownMs");
        p.between(recentFailures, 1, 10_000, "webhookDelivery.recentFailures");
    }
}
