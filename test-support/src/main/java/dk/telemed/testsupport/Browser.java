package dk.telemed.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's headless Chromium ({@code /usr/bin/chromium}, Debian package {@code chromium})
 * driven through {@code /usr/bin/chromedriver} (package {@code chromium-driver}): a real
 * browser for the dashboard's tests. Nothing is downloaded: the driver and browser are named
 * explicitly and Selenium Manager is told to stay offline. Each browser gets a fresh profile,
 * deleted on close. Screenshots go to {@code target/screenshots/NAME.png} (the build's
 * artefacts), or under {@code -Dtelemed.screenshots=DIR}.
 */
public final class Browser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Browser.class);
    public static final Path CHROMIUM = Path.of(System.getProperty("telemed.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("telemed.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(Long.getLong("telemed.browser.waitSeconds", 30));

    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path profile, Path screenshots) {
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Starts headless Chromium with a window of {@code width}×{@code height} CSS pixels. */
    public static Browser start(int width, int height) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": install the Debian packages chromium and chromium-driver (./telemed test does)");
        }
        // Selenium passes SE_* properties to Selenium Manager; with the driver named it is not needed, and must not download.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("telemed-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--lang=da-DK");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            Browser browser = new Browser(driver, profile, screenshotsDir());
            browser.size(width, height);
            return browser;
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    private static Path screenshotsDir() {
        return Path.of(System.getProperty("telemed.screenshots", "target/screenshots")).toAbsolutePath();
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Sets the viewport (the page's visible area, not the window) to {@code width}×{@code height}
     * CSS pixels, so a layout check means what it says.
     */
    public Browser size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        @SuppressWarnings("unchecked")
        List<Number> inner = (List<Number>) script("return [window.innerWidth, window.innerHeight];");
        int dw = width - inner.get(0).intValue();
        int dh = height - inner.get(1).intValue();
        if (dw != 0 || dh != 0) {
            driver.manage().window().setSize(new Dimension(width + dw, height + dh));
        }
        return this;
    }

    public Browser open(String url) {
        driver.get(url);
        return this;
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Waits (up to 30 s, or -Dtelemed.browser.waitSeconds) until the element is visible. */
    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Waits until {@code condition} answers something other than null or false, and returns that.
     * An element the page replaced while it was being read (a view redrawn) counts as "not yet".
     */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /**
     * The element's visible text once it has some (an answer the page is still waiting for
     * leaves it empty), read again should the page replace the element meanwhile.
     */
    public String text(By by) {
        return waitFor(d -> {
            String text = d.findElement(by).getText();
            return text.isEmpty() ? null : text;
        });
    }

    /** Waits until the page's text contains {@code text}. */
    public void awaitText(String text) {
        waitFor(d -> d.findElement(By.tagName("body")).getText().contains(text));
    }

    /** Saves a screenshot of the viewport as {@code NAME.png} (after the next frame is painted) and returns its path. */
    public Path screenshot(String name) {
        ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(done));");
        try {
            Files.createDirectories(screenshots);
            Path target = screenshots.resolve(name + ".png");
            Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.move(shot, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.info("screenshot {}", target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the page is wider than the viewport (the reader would have to scroll sideways). */
    public boolean scrollsHorizontally() {
        return (Boolean) script("return document.documentElement.scrollWidth > document.documentElement.clientWidth;");
    }

    /** The page's width and the viewport's, for a failure message. */
    public Map<String, Object> widths() {
        @SuppressWarnings("unchecked")
        Map<String, Object> widths = (Map<String, Object>) script("return {scrollWidth: document.documentElement.scrollWidth,"
                + " clientWidth: document.documentElement.clientWidth};");
        return widths;
    }

    /** The console's warnings and errors (including Content-Security-Policy violations) since the last call. */
    public List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (RuntimeException e) {
            LOG.warn("chromedriver did not quit cleanly: {}", e.getMessage());
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete the browser profile {}: {}", dir, e.getMessage());
        }
    }
}
