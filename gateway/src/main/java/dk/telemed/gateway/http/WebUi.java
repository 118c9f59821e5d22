package dk.telemed.gateway.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The clinicians' dashboard at {@code /}: plain HTML, CSS and ES modules from the classpath
 * ({@code webroot/}), and the chart library from its WebJar at {@code /vendor/uplot/}. The
 * pages are public; every piece of patient data comes from {@code /api/}, behind the sign-in.
 */
public final class WebUi {
    private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    public void mount(Router router) {
        // Served on every load rather than cached for a day, so an upgraded gateway never runs old scripts.
        router.route("/vendor/uplot/*").handler(StaticHandler.create("META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist")
                .setCachingEnabled(false).setDirectoryListing(false));
        router.route("/*").handler(StaticHandler.create("webroot").setCachingEnabled(false).setDirectoryListing(false));
    }

    /** The WebJar's folder carries its version; reading it from the jar keeps the pom the one place it is named. */
    private static String uplotVersion() {
        try (InputStream in = WebUi.class.getClassLoader().getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IllegalStateException("the uPlot WebJar is not on the classpath (" + UPLOT_POM
                        + "): rebuild the gateway jar with its dependencies");
            }
            Properties pom = new Properties();
            pom.load(in);
            return pom.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
        }
    }
}
