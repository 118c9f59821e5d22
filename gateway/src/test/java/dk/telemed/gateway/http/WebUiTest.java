package dk.telemed.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard's files as the gateway serves them, and the rules they must keep: nothing
 * inline (the Content-Security-Policy allows only the gateway's own files), nothing from
 * other sites, and the same words in Danish and English.
 */
class WebUiTest {
    private static final Pattern KEY = Pattern.compile("^\\s+'([a-zA-Z0-9_.]+)':", Pattern.MULTILINE);
    private static final Pattern PAIR_KEY = Pattern.compile("'([a-zA-Z0-9_.]+)': '");
    private static final Pattern T_CALL = Pattern.compile("\\bt\\('([a-zA-Z0-9_.]+)'");

    static Vertx vertx;
    static HttpServer server;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        new WebUi().mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void servesThePageItsModulesAndTheChartLibraryFromTheJar() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");

        for (String path : List.of("/js/app.js", "/vendor/uplot/uPlot.esm.js")) {
            HttpResponse<String> module = get(path);
            assertThat(module.statusCode()).as(path).isEqualTo(200);
            // Browsers refuse a module served as anything but JavaScript.
            assertThat(module.headers().firstValue("content-type")).as(path).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        }
        assertThat(get("/vendor/uplot/uPlot.min.css").statusCode()).isEqualTo(200);
        assertThat(get("/js/no-such-module.js").statusCode()).isEqualTo(404);
    }

    @Test
    void nothingInlineAndNothingFromOtherSites() throws IOException {
        for (Path file : webroot(".html")) {
            String html = Files.readString(file);
            assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)").matcher(html).find()).as("inline script in %s", file).isFalse();
            assertThat(html).as(file.toString()).doesNotContain("<style").doesNotContain(" style=").doesNotContain("://");
        }
        for (Path file : webroot(".js")) {
            String js = Files.readString(file);
            // innerHTML would also turn a patient's note into markup; eval and a style attribute break the CSP.
            assertThat(js).as(file.toString()).doesNotContain(".innerHTML").doesNotContain("eval(")
                    .doesNotContain("setAttribute('style'").doesNotContain("http://").doesNotContain("https://");
        }
        for (Path file : webroot(".css")) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("url(http").doesNotContain("@import");
        }
    }

    @Test
    void danishAndEnglishHaveTheSameWordsAndEveryWordUsedExists() throws IOException {
        String i18n = Files.readString(root().resolve("js/i18n.js"));
        int da = i18n.indexOf("  da: {");
        int en = i18n.indexOf("  en: {");
        int end = i18n.indexOf("\n};", en);
        Set<String> danish = keys(i18n.substring(da, en));
        Set<String> english = keys(i18n.substring(en, end));
        assertThat(danish).hasSizeGreaterThan(100);
        assertThat(english).isEqualTo(danish);

        Set<String> used = new TreeSet<>();
        for (Path file : webroot(".js")) {
            Matcher m = T_CALL.matcher(Files.readString(file));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        assertThat(danish).containsAll(used);
    }

    private static Set<String> keys(String block) {
        Set<String> keys = new TreeSet<>();
        for (Pattern p : new Pattern[]{KEY, PAIR_KEY}) {
            Matcher m = p.matcher(block);
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path root() {
        try {
            return Path.of(WebUi.class.getClassLoader().getResource("webroot").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> webroot(String suffix) throws IOException {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(f -> f.toString().endsWith(suffix)).toList();
        }
    }
}
