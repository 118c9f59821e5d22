package dk.telemed.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A client of the gateway's JSON API as a browser would be: it keeps the session cookie,
 * and sends the CSRF token of {@code GET /api/session} with every POST, PUT, PATCH and DELETE
 * once it knows it ({@link #signIn} fetches it). One client = one browser.
 */
public final class ApiClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** Status, headers and body of one answer. */
    public record Response(int status, HttpHeaders headers, String body) {
        public JsonNode json() {
            try {
                return body.isEmpty() ? JsonNodeFactory.instance.missingNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** Every Set-Cookie header, as sent. */
        public List<String> setCookies() {
            return headers.allValues("set-cookie");
        }
    }

    private final String baseUrl;
    private final CookieManager cookies;
    private final HttpClient client;
    private volatile String csrfToken;

    /** @param baseUrl e.g. {@code http://127.0.0.1:8080} ({@link GatewayProcess#url()}) */
    public ApiClient(String baseUrl) {
        this(baseUrl, null);
    }

    /** For an HTTPS gateway whose certificate {@code ssl} trusts (see {@link SelfSignedCert#sslContext()}). */
    public ApiClient(String baseUrl, SSLContext ssl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.cookies = new CookieManager();
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
    }

    /**
     * The same browser (its cookies and CSRF token) talking to another address: a nurse whose
     * load balancer sends her to another gateway.
     */
    public ApiClient sameBrowserAt(String otherBaseUrl) {
        ApiClient other = new ApiClient(otherBaseUrl, cookies, client);
        other.csrfToken = csrfToken;
        return other;
    }

    private ApiClient(String baseUrl, CookieManager cookies, HttpClient client) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.cookies = cookies;
        this.client = client;
    }

    /** {@code POST /api/login} only; the answer as it came. */
    public Response login(String username, String password) {
        String body = JSON.createObjectNode().put("username", username).put("password", password).toString();
        return send("POST", "/api/login", body, Map.of("Content-Type", "application/json"));
    }

    /** Signs in and reads the session (so later state-changing calls carry the CSRF token); fails unless both succeed. */
    public ApiClient signIn(String username, String password) {
        Response login = login(username, password);
        if (login.status() != 204) {
            throw new AssertionError("sign-in of " + username + " answered " + login.status() + ": " + login.body());
        }
        Response session = session();
        if (session.status() != 200) {
            throw new AssertionError("GET /api/session after sign-in answered " + session.status() + ": " + session.body());
        }
        return this;
    }

    /** {@code GET /api/session}; remembers its csrfToken. */
    public Response session() {
        Response response = get("/api/session");
        if (response.status() == 200) {
            csrfToken = response.json().path("csrfToken").asText(null);
        }
        return response;
    }

    public Response logout() {
        return post("/api/logout", "");
    }

    public Optional<String> csrfToken() {
        return Optional.ofNullable(csrfToken);
    }

    /** Forgets the CSRF token: the next state-changing call goes without it. */
    public void forgetCsrfToken() {
        csrfToken = null;
    }

    /** The cookie of this name the client would send to the gateway. */
    public Optional<HttpCookie> cookie(String name) {
        return cookies.getCookieStore().get(URI.create(baseUrl + "/")).stream()
                .filter(c -> c.getName().equals(name)).findFirst();
    }

    public Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    public Response post(String path, String json) {
        return send("POST", path, json, Map.of("Content-Type", "application/json"));
    }

    public Response put(String path, String json) {
        return send("PUT", path, json, Map.of("Content-Type", "application/json"));
    }

    public Response patch(String path, String json) {
        return send("PATCH", path, json, Map.of("Content-Type", "application/json"));
    }

    public Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    /** Any method with any headers (a {@code null} body sends none); adds the CSRF token to state-changing methods. */
    public Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        String token = csrfToken;
        if (token != null && !List.of("GET", "HEAD", "OPTIONS").contains(method) && !headers.containsKey("X-CSRF-Token")) {
            request.header("X-CSRF-Token", token);
        }
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + baseUrl + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + method + " " + path, e);
        }
    }
}
