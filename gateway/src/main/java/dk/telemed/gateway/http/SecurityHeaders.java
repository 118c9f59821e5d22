package dk.telemed.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The browser-facing protections on every response: a Content-Security-Policy that allows no
 * inline script and no other origin, no MIME sniffing, no referrer, no framing; and no caching
 * of anything under {@code /api/}. Under TLS also Strict-Transport-Security. Mounted first, so
 * it also covers error pages and the static dashboard.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    private final boolean tls;

    public SecurityHeaders(boolean tls) {
        this.tls = tls;
    }

    public void mount(Router router) {
        router.route().order(-1000).handler(this);
    }

    @Override
    public void handle(RoutingContext ctx) {
        MultiMap headers = ctx.response().headers();
        headers.set("Content-Security-Policy", CSP)
                .set("X-Content-Type-Options", "nosniff")
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY");
        if (tls) {
            headers.set("Strict-Transport-Security", "max-age=31536000");
        }
        String path = ctx.normalizedPath();
        // Patient data: the JSON API and FHIR answers stay out of browser and proxy caches.
        if (path.equals("/api") || path.startsWith("/api/") || path.equals("/fhir") || path.startsWith("/fhir/")) {
            headers.set("Cache-Control", "no-store");
        }
        ctx.next();
    }
}
