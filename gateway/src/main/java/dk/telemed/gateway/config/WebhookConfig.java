package dk.telemed.gateway.config;

/** A nurses' system receiving alert events; the secret never appears in {@link #toString()}. */
public record WebhookConfig(String url, String secret) {
    void validate(Problems p) {
        if (!url.isEmpty()) {
            p.url(url, "webhook.url", "http", "https");
            p.require(!secret.isEmpty(), "webhook.secret", "must be set when webhook.url is (use TELEMED_WEBHOOK_SECRET)");
        }
    }

    public boolean configured() {
        return !url.isEmpty();
    }

    @Override
    public String toString() {
        return "WebhookConfig[url=" + url + ", secret=" + (secret.isEmpty() ? "(none)" : "(set)") + "]";
    }
}
